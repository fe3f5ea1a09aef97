import '@mantine/charts/styles.css';

/**
 * The dashboard's charts (Mantine charts on recharts, ~120 kB gzip): their own chunk, loaded by the
 * dashboard after its figures and tables, which are drawn without waiting for it.
 */
export { BarChart, DonutChart } from '@mantine/charts';

import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * Mantine's defaults, adjusted to meet WCAG AA contrast (4.5:1), which axe checks on every screen of the
 * journeys: darker primary shade, dark text on light filled colours (green, orange) via `autoContrast`,
 * darker "dimmed" and error text, and names for the modal close buttons.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // A plain object rather than `Modal.extend(...)`, which would pull Modal into the initial bundle.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors are small text: red-6 (3.3:1 on white) fails AA; red-9 passes.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

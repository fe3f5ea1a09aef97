import { formatMoney } from '../lib/format';

/** An amount from a decimal string, with digits aligned in tables. */
export function Money({ value }: { value: string }) {
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(value)}</span>
  );
}

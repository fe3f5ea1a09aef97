import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useId } from '@mantine/hooks';

/**
 * Mantine's password input, with what its other inputs have: a field in error is `aria-invalid` and
 * points at its error message (and description) with `aria-describedby`, so screen readers announce it.
 */
export function PasswordField({ id, error, description, ...props }: PasswordInputProps) {
  const inputId = useId(id);
  const describedBy = [
    description ? `${inputId}-description` : null,
    error && typeof error !== 'boolean' ? `${inputId}-error` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <PasswordInput
      {...props}
      id={inputId}
      error={error}
      description={description}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy || undefined}
    />
  );
}

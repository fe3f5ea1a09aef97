import { ZLogin } from '@loanbook/domain/accounts';
import { Alert, Button, Card, Center, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { PasswordField } from '../../components/password-field';
import { describeError, errorCodeOf, errorReasonOf, firstFieldErrors } from '../../lib/errors';
import { validateWith } from '../../lib/forms';
import { homePathFor, safeRedirect, setSession, type TSessionEndReason } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';

const route = getRouteApi('/login');

const REASON_TEXT: Record<TSessionEndReason, { color: string; text: string }> = {
  expired: {
    color: 'orange',
    text: 'Your session has expired or was ended by a password change. Please sign in again to continue.',
  },
  suspended: { color: 'red', text: 'Your account is suspended, so you were signed out.' },
  'signed-out': { color: 'blue', text: 'You have signed out.' },
  'password-changed': {
    color: 'blue',
    text: 'Your password was changed. Please sign in with the new one.',
  },
};

/** Why a login failed, in words: wrong credentials, an agent not (or no longer) approved, or throttling. */
function loginErrorText(error: unknown): string {
  if (errorReasonOf(error)) return describeError(error);
  return errorCodeOf(error) === 'UNAUTHORIZED' ? 'Wrong username or password.' : describeError(error);
}

export function LoginScreen() {
  const { redirect, reason } = route.useSearch();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: validateWith(ZLogin),
  });
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (result) => {
        setSession({ token: result.token, expiresAt: result.expiresAt, user: result.user });
        const target = safeRedirect(redirect) ?? homePathFor(result.user.role);
        void navigate({ to: target, replace: true });
      },
      onError: (error) => form.setErrors(firstFieldErrors(error)),
    }),
  );
  const notice = reason ? REASON_TEXT[reason] : null;

  return (
    <Center>
      <Card withBorder padding="lg" w="100%" maw={420}>
        <PageHeader title="Sign in" />
        <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
          <Stack>
            {notice && !login.isError && (
              <Alert color={notice.color} role="status" data-testid="login-notice">
                {notice.text}
              </Alert>
            )}
            {login.isError && (
              <Alert color="red" role="alert" data-testid="login-error">
                {loginErrorText(login.error)}
              </Alert>
            )}
            <TextInput
              label="Username"
              autoComplete="username"
              withAsterisk
              {...form.getInputProps('username')}
            />
            <PasswordField
              label="Password"
              autoComplete="current-password"
              withAsterisk
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={login.isPending}>
              Sign in
            </Button>
            <Text size="sm">
              New here? <AnchorLink to="/signup">Create an account</AnchorLink>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

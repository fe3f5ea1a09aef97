import { ZChangePassword } from '@loanbook/domain/accounts';
import { Alert, Button, Card, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { endSession } from '../../app/end-session';
import { useSignedIn } from '../../app/use-session';
import { PageHeader } from '../../components/page-header';
import { PasswordField } from '../../components/password-field';
import { describeError, firstFieldErrors, hasFieldErrors } from '../../lib/errors';
import { requiredMessage, validateWith } from '../../lib/forms';
import { notify } from '../../lib/notify';
import { setSession, whileRenewingSession } from '../../lib/session';
import { useTRPCClient } from '../../lib/trpc';

interface TPasswordValues {
  currentPassword: string;
  newPassword: string;
  repeatPassword: string;
}

const toInput = ({ currentPassword, newPassword }: TPasswordValues) => ({ currentPassword, newPassword });

const repeatError = (values: TPasswordValues) => ({
  repeatPassword:
    values.repeatPassword === ''
      ? requiredMessage('repeatPassword')
      : values.repeatPassword !== values.newPassword
        ? 'The two new passwords differ: type the same one twice'
        : null,
});

/**
 * Any signed-in person changes their password (`auth.changePassword`, which ends every session issued
 * before — on other computers and in other tabs). This tab stays signed in: it signs in again with the
 * new password at once, so only the other sessions end.
 */
export function ChangePasswordScreen() {
  const { user } = useSignedIn();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<TPasswordValues>({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: validateWith(ZChangePassword, toInput, repeatError),
  });
  const change = useMutation({
    mutationFn: (values: TPasswordValues) =>
      whileRenewingSession(async () => {
        await client.auth.changePassword.mutate(toInput(values));
        try {
          const renewed = await client.auth.login.mutate({
            username: user.username,
            password: values.newPassword,
          });
          setSession({ token: renewed.token, expiresAt: renewed.expiresAt, user: renewed.user });
        } catch {
          // The password is changed, but this tab could not sign in again (e.g. throttled): the login
          // page says what happened.
          return 'signed-out' as const;
        }
        return 'renewed' as const;
      }),
    onSuccess: (outcome) => {
      form.reset();
      if (outcome === 'signed-out') {
        endSession(router, queryClient, 'password-changed');
        return;
      }
      notify({
        color: 'green',
        title: 'Password changed',
        message: 'You stay signed in here; every other session was signed out.',
      });
    },
    onError: (error) => form.setErrors(firstFieldErrors(error)),
  });

  return (
    <>
      <PageHeader title="Change password" description="For the account you are signed in with." />
      <Card withBorder padding="lg" maw={480}>
        <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
          <Stack>
            <Text size="sm">
              Changing your password signs you out everywhere else — on other computers and in other browser
              tabs. You stay signed in here.
            </Text>
            {change.isSuccess && (
              <Alert color="green" role="status" data-testid="password-changed">
                Your password is changed. Every other session was signed out.
              </Alert>
            )}
            {change.isError && (!hasFieldErrors(change.error) || Object.keys(form.errors).length > 0) && (
              <Alert color="red" role="alert" title="Not changed">
                {describeError(change.error)}
              </Alert>
            )}
            <PasswordField
              label="Current password"
              autoComplete="current-password"
              withAsterisk
              {...form.getInputProps('currentPassword')}
            />
            <PasswordField
              label="New password"
              description="At least 10 characters; a passphrase is best."
              autoComplete="new-password"
              withAsterisk
              {...form.getInputProps('newPassword')}
            />
            <PasswordField
              label="Repeat the new password"
              autoComplete="new-password"
              withAsterisk
              {...form.getInputProps('repeatPassword')}
            />
            <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
              Change password
            </Button>
          </Stack>
        </form>
      </Card>
    </>
  );
}

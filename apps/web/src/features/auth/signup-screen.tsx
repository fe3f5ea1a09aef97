import { ZRegistration } from '@loanbook/domain/accounts';
import { Alert, Button, Card, Center, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/page-header';
import { PasswordField } from '../../components/password-field';
import { describeError, firstFieldErrors } from '../../lib/errors';
import { blankToUndefined, validateWith } from '../../lib/forms';
import { homePathFor, setSession } from '../../lib/session';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

interface TSignupValues {
  username: string;
  email: string;
  phone: string;
  password: string;
}

const toRegistration = (values: TSignupValues) => ({ ...values, phone: blankToUndefined(values.phone) });

/**
 * Sign-up for customers (signed in straight away) and agents (told that an administrator must approve
 * them before they can sign in).
 */
export function SignupScreen() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'customer' | 'agent'>('customer');
  const [pendingAgent, setPendingAgent] = useState<string | null>(null);
  const form = useForm<TSignupValues>({
    initialValues: { username: '', email: '', phone: '', password: '' },
    validate: validateWith(ZRegistration, toRegistration),
  });
  const options = {
    onError: (error: unknown) => form.setErrors(firstFieldErrors(error)),
  };
  const registerCustomer = useMutation(trpc.auth.registerCustomer.mutationOptions(options));
  const registerAgent = useMutation(trpc.auth.registerAgent.mutationOptions(options));
  const mutation = kind === 'customer' ? registerCustomer : registerAgent;

  const submit = form.onSubmit(async (values) => {
    const input = toRegistration(values);
    if (kind === 'agent') {
      const agent = await registerAgent.mutateAsync(input).catch(() => null);
      if (agent) setPendingAgent(agent.username);
      return;
    }
    const customer = await registerCustomer.mutateAsync(input).catch(() => null);
    if (!customer) return;
    // A new customer is signed in at once, so they can go straight on to apply; should that fail (e.g.
    // throttled), the account exists and the login page takes over.
    try {
      const result = await client.auth.login.mutate({ username: input.username, password: input.password });
      setSession({ token: result.token, expiresAt: result.expiresAt, user: result.user });
      void navigate({ to: result.user.role === 'customer' ? '/apply' : homePathFor(result.user.role) });
    } catch {
      void navigate({ to: '/login' });
    }
  });

  if (pendingAgent) {
    return (
      <Center>
        <Card withBorder padding="lg" w="100%" maw={480}>
          <PageHeader title="Application received" />
          <Alert color="blue" role="status" data-testid="agent-pending">
            Thank you, {pendingAgent}. Your agent account is <strong>pending approval</strong> by an
            administrator. You can sign in once it has been approved.
          </Alert>
          <AnchorLink to="/login" mt="md" display="block">
            Go to sign in
          </AnchorLink>
        </Card>
      </Center>
    );
  }

  return (
    <Center>
      <Card withBorder padding="lg" w="100%" maw={480}>
        <PageHeader title="Create an account" />
        <form onSubmit={submit} noValidate>
          <Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="account-kind-label">
                I am
              </Text>
              <SegmentedControl
                aria-labelledby="account-kind-label"
                value={kind}
                onChange={(value) => setKind(value === 'agent' ? 'agent' : 'customer')}
                data={[
                  { value: 'customer', label: 'A borrower' },
                  { value: 'agent', label: 'A loan officer (agent)' },
                ]}
                fullWidth
              />
              {kind === 'agent' && (
                <Text size="sm" c="dimmed">
                  Agent accounts need an administrator's approval before you can sign in.
                </Text>
              )}
            </Stack>
            {mutation.isError && Object.keys(firstFieldErrors(mutation.error)).length === 0 && (
              <Alert color="red" role="alert">
                {describeError(mutation.error)}
              </Alert>
            )}
            <TextInput
              label="Username"
              autoComplete="username"
              withAsterisk
              {...form.getInputProps('username')}
            />
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              withAsterisk
              {...form.getInputProps('email')}
            />
            <TextInput
              label="Phone (optional)"
              type="tel"
              autoComplete="tel"
              {...form.getInputProps('phone')}
            />
            <PasswordField
              label="Password"
              description="At least 10 characters; a passphrase is best."
              autoComplete="new-password"
              withAsterisk
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={mutation.isPending}>
              {kind === 'agent' ? 'Apply as an agent' : 'Create account'}
            </Button>
            <Text size="sm">
              Already registered? <AnchorLink to="/login">Sign in</AnchorLink>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}

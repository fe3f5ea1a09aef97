import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSession, setSession } from '../../src/lib/session';
import { CREATED, LOAN_ID, loanDetail } from './fixtures';
import { apiRefusal, fakeApi } from './render';
import { renderApp, SESSION_USER, signedIn } from './render-app';

/** Console errors (React logs a screen that throws while rendering): none on any normal path. */
let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  setSession(null);
  sessionStorage.clear();
});

const ME = () => SESSION_USER;

const loanPageApi = (extra: Record<string, (input: unknown) => unknown> = {}) =>
  fakeApi({
    'auth.me': ME,
    'loans.get': () => loanDetail(),
    'loans.history': () => [CREATED],
    ...extra,
  });

const loginNotice = async () => (await screen.findByTestId('login-notice')).textContent;

describe('sign-in and sign-up messages', () => {
  it('says which fields are required, and marks the empty password aria-invalid', async () => {
    const user = userEvent.setup();
    renderApp('/login', fakeApi({}).link);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Username is required')).toBeTruthy();
    expect(screen.getByText('Password is required')).toBeTruthy();
    expect(screen.queryByText(/Too small/)).toBeNull();
    const password = screen.getByLabelText(/^Password/, { selector: 'input' });
    expect(password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = password.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Password is required');
  });

  it('explains refused sign-ins by the API reason, not its wording', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      'auth.login': () => {
        throw apiRefusal('FORBIDDEN', 'anything at all', 'ACCOUNT_PENDING');
      },
    });
    renderApp('/login', api.link);
    await user.type(await screen.findByLabelText(/^Username/), 'bob.agent');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'a-long-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('awaiting approval');
  });

  it('tells a new user what each field needs, in the app’s words', async () => {
    const user = userEvent.setup();
    renderApp('/signup', fakeApi({}).link);
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Username is required')).toBeTruthy();
    expect(screen.getByText('Email is required')).toBeTruthy();
    expect(screen.getByText('Password is required')).toBeTruthy();
    expect(screen.getByLabelText(/^Password/, { selector: 'input' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await user.type(screen.getByLabelText(/^Username/), 'ab');
    await user.type(screen.getByLabelText(/^Email/), 'not-an-address');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Username must be at least 3 characters')).toBeTruthy();
    expect(screen.getByText('Enter an email address like name@example.com')).toBeTruthy();
    expect(screen.getByText('Password must be at least 10 characters')).toBeTruthy();
  });
});

describe('ending a session', () => {
  it('says why when the stored session has expired', async () => {
    signedIn(SESSION_USER, new Date(Date.now() - 1000).toISOString());
    const { router } = renderApp('/my-loans', fakeApi({}).link);
    expect(await loginNotice()).toContain('session has expired');
    expect(router.state.location.search).toMatchObject({ reason: 'expired', redirect: '/my-loans' });
  });

  it('signs out from a loan’s page without a console error, and takes the toasts along', async () => {
    signedIn();
    const user = userEvent.setup();
    const { router } = renderApp(`/loans/${LOAN_ID}`, loanPageApi().link);
    await screen.findByRole('heading', { name: /Car loan/ });
    const { notify } = await import('../../src/lib/notify');
    notify({ title: 'Loan opened', message: 'Sent to the lender for a decision.' });
    await screen.findByText('Loan opened');
    await user.click(await screen.findByRole('button', { name: /^Account: walkagent_mx4aha53/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out', hidden: true }));
    expect(await loginNotice()).toContain('You have signed out');
    expect(router.state.location.pathname).toBe('/login');
    expect(getSession()).toBeNull();
    await waitFor(() => expect(screen.queryByText('Loan opened')).toBeNull());
    expect(consoleErrors).toEqual([]);
  });

  it('ends the session on SESSION_ENDED and on ACCOUNT_SUSPENDED, remembering the page', async () => {
    signedIn();
    const ended = renderApp(
      `/loans/${LOAN_ID}`,
      loanPageApi({
        'loans.get': () => {
          throw apiRefusal('UNAUTHORIZED', 'Your session has expired or was ended', 'SESSION_ENDED');
        },
      }).link,
    );
    expect(await loginNotice()).toContain('session has expired');
    expect(ended.router.state.location.search).toMatchObject({ redirect: `/loans/${LOAN_ID}` });
    ended.unmount();

    signedIn();
    renderApp(
      `/loans/${LOAN_ID}`,
      loanPageApi({
        'loans.get': () => {
          throw apiRefusal('FORBIDDEN', 'Access denied', 'ACCOUNT_SUSPENDED');
        },
      }).link,
    );
    expect(await loginNotice()).toContain('suspended');
    expect(consoleErrors).toEqual([]);
  });

  it('keeps the session for a refusal that does not end it, whatever its message says', async () => {
    signedIn();
    renderApp(
      `/loans/${LOAN_ID}`,
      loanPageApi({
        'loans.get': () => {
          throw apiRefusal('FORBIDDEN', 'Your account is suspended (not really)', 'ROLE_NOT_ALLOWED');
        },
      }).link,
    );
    expect(await screen.findByText('Your role does not allow this.')).toBeTruthy();
    expect(getSession()).not.toBeNull();
  });
});

describe('changing the password', () => {
  it('is in every role’s account menu', async () => {
    for (const role of ['customer', 'agent', 'admin'] as const) {
      signedIn({ ...SESSION_USER, role, status: role === 'agent' ? 'APPROVED' : 'ACTIVE' });
      const user = userEvent.setup();
      const view = renderApp('/account/password', fakeApi({ 'auth.me': ME }).link);
      await screen.findByRole('heading', { name: 'Change password' });
      await user.click(await screen.findByRole('button', { name: /^Account:/ }));
      const item = await screen.findByRole('menuitem', { name: 'Change password', hidden: true });
      expect(item.getAttribute('href')).toBe('/account/password');
      view.unmount();
    }
  });

  it('checks the fields, changes the password and stays signed in with a new token', async () => {
    signedIn();
    const user = userEvent.setup();
    const api = fakeApi({
      'auth.me': ME,
      'auth.changePassword': () => ({ ok: true }),
      'auth.login': () => ({
        token: 'token-2',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        user: SESSION_USER,
      }),
    });
    renderApp('/account/password', api.link);
    const form = (await screen.findByRole('button', { name: 'Change password' })).closest('form');
    if (!form) throw new Error('no form');
    const field = (label: RegExp) => within(form).getByLabelText(label, { selector: 'input' });
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Current password is required')).toBeTruthy();
    expect(screen.getByText('New password is required')).toBeTruthy();
    expect(field(/^Current password/).getAttribute('aria-invalid')).toBe('true');

    await user.type(field(/^Current password/), 'correct-horse-battery');
    await user.type(field(/^New password/), 'a new long passphrase');
    await user.type(field(/^Repeat the new password/), 'a new long passphrase!');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The two new passwords differ: type the same one twice')).toBeTruthy();
    expect(api.callsTo('auth.changePassword')).toEqual([]);

    await user.clear(field(/^Repeat the new password/));
    await user.type(field(/^Repeat the new password/), 'a new long passphrase');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    await screen.findByTestId('password-changed');
    expect(api.callsTo('auth.changePassword')[0]?.input).toEqual({
      currentPassword: 'correct-horse-battery',
      newPassword: 'a new long passphrase',
    });
    expect(api.callsTo('auth.login')[0]?.input).toEqual({
      username: SESSION_USER.username,
      password: 'a new long passphrase',
    });
    expect(getSession()?.token).toBe('token-2');
    expect(consoleErrors).toEqual([]);
  });
});

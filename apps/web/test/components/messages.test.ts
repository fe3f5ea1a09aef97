import { ZLogin, ZRegistration } from '@loanbook/domain/accounts';
import { ZLoanReject, ZLoanTerms } from '@loanbook/domain/loans';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { limitOrderErrors, type TProductValues } from '../../src/features/admin/product-form';
import { describeError, errorCodeOf, sessionEndReasonOf } from '../../src/lib/errors';
import { fieldErrorsFor, valueError } from '../../src/lib/forms';
import { apiError, apiRefusal } from './render';

describe('the error map for the shared schemas', () => {
  it('says a field left empty is required, whatever rule the schema states first', () => {
    expect(fieldErrorsFor(ZLogin, { username: '', password: '' })).toEqual({
      username: 'Username is required',
      password: 'Password is required',
    });
    expect(
      fieldErrorsFor(ZRegistration, { username: '  ', password: '', email: '', phone: undefined }),
    ).toEqual({
      username: 'Username is required',
      password: 'Password is required',
      email: 'Email is required',
    });
    expect(fieldErrorsFor(ZLoanTerms, { productCode: 'CAR', amount: '', termMonths: undefined })).toEqual({
      amount: 'Amount is required',
      termMonths: 'Term is required',
    });
  });

  it('never shows zod’s own wording, and keeps the schemas’ messages that say what to do', () => {
    const terms = fieldErrorsFor(ZLoanTerms, { productCode: 'CAR', amount: '12.345', termMonths: 0 });
    expect(terms).toEqual({
      amount: 'Amount must have at most two decimals',
      termMonths: 'Term must be at least 1 month',
    });
    expect(fieldErrorsFor(ZLoanTerms, { productCode: 'CAR', amount: '1', termMonths: 601 }).termMonths).toBe(
      'Term must be at most 600 months',
    );
    const registration = fieldErrorsFor(ZRegistration, {
      username: 'ab',
      password: 'short',
      email: 'not-an-address',
      phone: 'x',
    });
    expect(registration).toEqual({
      username: 'Username must be at least 3 characters',
      password: 'Password must be at least 10 characters',
      email: 'Enter an email address like name@example.com',
      phone: 'Enter a phone number of 6 to 20 digits, like +44 20 7946 0000',
    });
    for (const message of [...Object.values(terms), ...Object.values(registration)]) {
      expect(message).not.toMatch(/Too small|Too big|Invalid input|expected/);
    }
  });

  it('checks a dialog’s reason with the API’s own schema and limit', () => {
    const reason = ZLoanReject.shape.reason;
    expect(valueError(reason, '   ', 'reason')).toBe('Reason is required');
    expect(valueError(reason, 'x'.repeat(501), 'reason')).toBe('Reason must be at most 500 characters');
    expect(valueError(reason, 'Income too low', 'reason')).toBeNull();
    expect(valueError(reason.optional(), undefined, 'reason')).toBeNull();
  });

  it('reports every error of the new-product form in one round, the limits’ order included', () => {
    const values: TProductValues = {
      code: '',
      name: '',
      annualRatePercent: '',
      minAmount: '5000',
      maxAmount: '1000',
      minTermMonths: 60,
      maxTermMonths: 12,
      active: true,
    };
    expect(limitOrderErrors(values)).toEqual({
      maxAmount: 'Maximum amount must not be below the minimum amount',
      maxTermMonths: 'Maximum term must not be below the minimum term',
    });
    expect(limitOrderErrors({ ...values, maxAmount: 'abc', maxTermMonths: 120 })).toEqual({});
  });
});

describe('API errors', () => {
  it('are told apart by code and reason, never by their message', () => {
    expect(sessionEndReasonOf(apiRefusal('UNAUTHORIZED', 'whatever', 'SESSION_ENDED'))).toBe('expired');
    expect(sessionEndReasonOf(apiRefusal('UNAUTHORIZED', 'whatever'))).toBe('expired');
    expect(sessionEndReasonOf(apiRefusal('FORBIDDEN', 'whatever', 'ACCOUNT_SUSPENDED'))).toBe('suspended');
    expect(sessionEndReasonOf(apiRefusal('FORBIDDEN', 'Your account is suspended'))).toBeNull();
    expect(sessionEndReasonOf(apiRefusal('FORBIDDEN', 'suspended', 'ROLE_NOT_ALLOWED'))).toBeNull();
    expect(describeError(apiRefusal('FORBIDDEN', 'anything', 'ACCOUNT_SUSPENDED'))).toContain('suspended');
  });

  it('know only the codes of the domain’s table', () => {
    expect(errorCodeOf(apiError('CONFLICT', 'Stale'))).toBe('CONFLICT');
    expect(errorCodeOf(apiError('NOT_A_CODE', 'x'))).toBeNull();
    expect(errorCodeOf(new Error('plain'))).toBeNull();
    expect(describeError(TRPCClientError.from(new Error('fetch failed')))).toContain('Cannot reach');
  });
});

describe('zod in the browser', () => {
  it('is jitless, so it never probes `new Function` (a CSP violation report under script-src self)', () => {
    expect(z.config().jitless).toBe(true);
    expect(z.core.util.allowsEval.value).toBe(false);
  });
});

import type { Page } from 'playwright-core';
import { PASSWORD } from './api-client';

/** Signs in through the login form (optionally landing on `path` first, as a deep link would). */
/**
 * Opens a page and waits until the app has started. A prerendered page (/login, /signup:
 * apps/web/build/prerender.ts) is painted before the app's code has run, `inert` until then: a person
 * cannot type into it yet, but Playwright's fill() would, behind the app's back.
 */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('#root:not([inert])').waitFor({ state: 'attached' });
}

export async function signInUi(
  page: Page,
  baseUrl: string,
  username: string,
  password = PASSWORD,
): Promise<void> {
  await openPage(page, `${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Follows a link of the main navigation. */
export async function navigate(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

export const loanRow = (page: Page, loanId: string) =>
  page.locator(`[data-testid="loan-row"][data-loan-id="${loanId}"]`);

/** Clicks the confirming button of the open dialog. */
export async function confirmInDialog(page: Page, button: string): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: button, exact: true }).click();
}

/** Signs out through the account menu. */
export async function signOutUi(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByTestId('login-notice').waitFor();
}

/** The toasts on screen (Mantine notifications), by their titles. */
export const toastTitles = (page: Page) =>
  page.locator('.mantine-Notification-root .mantine-Notification-title').allTextContents();

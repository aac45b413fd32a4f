/** Driving the chat view in the browser tests: sign-in and the main controls, found as a user finds them. */
import type { Page } from 'playwright-core';
import { submitSignIn } from './browser.js';

/** Every test user's password (TestApp.user sets it). */
export const password = (username: string) => `${username}-correct-horse-battery`;

export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await submitSignIn(page, base, username, password(username));
  await page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor();
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
}

export const messages = (page: Page) => page.getByRole('region', { name: 'Messages', exact: true });
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

import type { TestProject } from 'vitest/node';
import { startApiServer } from './support/api-server';

/**
 * One real API server for all journeys (starting it takes a while on a busy machine): a fresh embedded
 * database per test run, the built web app, stopped when the run ends. Journeys use unique usernames,
 * so they never depend on each other's data. `JOURNEY_BASE_URL` points them at an already running server.
 */
export default async function setup(project: TestProject) {
  // For debugging against a server you started yourself (its admin must be ADMIN from support/api-server).
  const given = process.env.JOURNEY_BASE_URL;
  if (given) {
    project.provide('apiBaseUrl', given.replace(/\/$/, ''));
    return;
  }
  const server = await startApiServer();
  project.provide('apiBaseUrl', server.baseUrl);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiBaseUrl: string;
  }
}

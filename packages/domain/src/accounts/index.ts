export * from './agent-lifecycle';
export * from './schemas';

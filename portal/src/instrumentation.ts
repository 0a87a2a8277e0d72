export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { validateEnv } = await import('./env-schema');
  validateEnv(process.env, { phase: 'start' });
}

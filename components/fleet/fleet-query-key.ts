export const fleetQueryKey = ['fleet'] as const;

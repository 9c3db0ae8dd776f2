// Random choices for the demo traffic (not for secrets: Math.random).
export const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

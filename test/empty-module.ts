// Stands in for `server-only` under vitest so server-only modules can be imported by tests.
export {};

// A one-line module: what importing any module costs Node, the floor under a package's import.
export const one = 1;

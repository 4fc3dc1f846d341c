export async function conformance(_args: string[]): Promise<number> { return 2; }

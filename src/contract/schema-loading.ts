/**
 * Whether libxml2-wasm's import is deferred (see schema.ts). A module of its own, imported before
 * schema.ts is evaluated, so the choice is made before the import would happen: only the `validate`
 * command defers, and it loads the engine itself when a message needs it.
 */
let deferred = false;

export function deferLibxml(): void {
  deferred = true;
}

export function libxmlDeferred(): boolean {
  return deferred;
}

// `readme:NAME` modules are README ts blocks, bundled by serve-page.ts: their exports are checked at run time.
declare module 'readme:*' {
  const exports: Record<string, unknown>
  export = exports
}

// `readme:NAME` modules are ts blocks of README.md and docs/*.md, bundled by serve-page.ts: their exports are
// checked at run time.
declare module 'readme:*' {
  const exports: Record<string, unknown>
  export = exports
}

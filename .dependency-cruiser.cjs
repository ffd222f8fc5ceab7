/** The layers of Nianbao, held by dependency-cruiser (run in `npm test`). See docs/architecture.md. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is the domain: it imports nothing of ours but core, and no Node built-ins.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/|node_modules', },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-depends-on-core-only',
      comment: 'src/ipc is the contract: channels, types, validation. It depends on core (and zod), never on an implementation.',
      severity: 'error',
      from: { path: '^src/ipc/' },
      to: { pathNot: '^src/(ipc|core)/|node_modules/zod/' },
    },
    {
      name: 'services-never-electron',
      comment: 'The plain-Node services, the browser desk and the CLI run without Electron and never touch the UI or the shell.',
      severity: 'error',
      from: { path: '^src/(services|webhost|cli)/' },
      to: { path: '^src/(main|preload|renderer)/|^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-only-contract-and-core',
      comment: 'The UI talks to the app only through the contract; it may use core types and pure helpers.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { pathNot: '^src/(renderer|ipc|core)/|node_modules' },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'preload-only-channels',
      comment: 'The preload exposes one function per channel: it needs the channel list and Electron, nothing else.',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { pathNot: '^src/(preload|ipc)/|^electron$|node_modules/electron/' },
    },
    {
      name: 'shell-not-renderer',
      comment: 'The Electron shell never imports UI code.',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/(renderer|webhost|cli)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.mjs', '.js'] },
    moduleSystems: ['es6', 'cjs'],
  },
};

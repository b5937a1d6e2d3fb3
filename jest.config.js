// Jest runs every test: Node environment for api/ and shared/, jsdom for React components (*.test.tsx),
// and the browser journeys (test/browser/**/*.journey.ts, after the build that npm test runs first).
// TypeScript is transpiled per file (type checking is `npm run typecheck`); ESM-only packages such as
// jose are transformed to CommonJS so Jest on Node 20 can load them.
const esmOnly = ['jose', 'office-addin-mock', 'uuid'];

const transform = {
  '^.+\\.[cm]?[tj]sx?$': [
    'ts-jest',
    {
      tsconfig: {
        isolatedModules: true,
        module: 'commonjs',
        moduleResolution: 'node10',
        verbatimModuleSyntax: false,
        jsx: 'react-jsx',
        allowJs: true,
        esModuleInterop: true,
      },
    },
  ],
};

const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'dom',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/**/*.test.tsx'],
    },
    {
      // Journeys in Debian's chromium against the app as `npm start` runs it (test/browser/README.md).
      ...common,
      displayName: 'browser',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/browser/**/*.journey.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/browser/harness/setup.ts'],
    },
  ],
};

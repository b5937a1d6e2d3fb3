// Builds the add-in into dist/: the taskpane app (React + Fluent UI, Office.js from Microsoft's CDN)
// and the send-event bundle, a separate single file for Outlook's event runtimes (ES2016, no imports).
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { renderManifest, buildOptionsFromEnv } = require('./scripts/manifest-config.cjs');

const options = buildOptionsFromEnv(process.env);
const dist = path.resolve(__dirname, 'dist');

const tsRule = (target) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'ts-loader',
    options: {
      transpileOnly: true,
      configFile: path.resolve(__dirname, 'tsconfig.json'),
      compilerOptions: { noEmit: false, module: 'esnext', target, sourceMap: false },
    },
  },
});

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const taskpane = {
    name: 'taskpane',
    mode,
    target: ['web', 'es2020'],
    entry: { taskpane: './addin/taskpane/index.tsx' },
    output: {
      path: dist,
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: '/',
      clean: { keep: /^send-event\.js$|^commands\.html$/ },
    },
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: { rules: [tsRule('ES2020')] },
    devtool: false,
    performance: { hints: false },
    plugins: [
      // The court unit key fingerprints this build trusts (SECURITY.md: what pins do and do not protect),
      // and the API's public origin: the only issuer of receipts the pane accepts.
      new webpack.DefinePlugin({
        __ZEGEL_COURT_KEY_PINS__: JSON.stringify(process.env.COURT_KEY_FINGERPRINTS ?? ''),
        __ZEGEL_PUBLIC_ORIGIN__: JSON.stringify(options.origin),
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets', to: 'assets' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => renderManifest(content.toString('utf8'), options) },
        ],
      }),
    ],
  };

  // Classic Outlook on Windows runs this file in a JavaScript-only ES2016 runtime: one file, no
  // runtime chunk loading, no minifier rewriting if/else into conditionals.
  const sendEvent = {
    name: 'send-event',
    mode,
    target: ['web', 'es2016'],
    entry: { 'send-event': './addin/send-event/index.ts' },
    output: {
      path: dist,
      filename: '[name].js',
      iife: true,
      environment: { arrowFunction: false, const: false, destructuring: false, optionalChaining: false, templateLiteral: false, asyncFunction: false },
    },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule('ES2016')] },
    devtool: false,
    optimization: { minimize: false, splitChunks: false, runtimeChunk: false, concatenateModules: true },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './addin/send-event/commands.html',
        chunks: ['send-event'],
        scriptLoading: 'blocking',
      }),
    ],
  };
  return [taskpane, sendEvent];
};

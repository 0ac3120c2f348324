// Mocha 12 ships its cli internals as .cjs, and @stryker-mutator/mocha-runner 10.1 requires them
// without an extension, so the plugin fails to load (stryker-js pull request 6205, open). Letting
// require() try `.cjs` bridges the gap; drop this file once a runner with that fix is released.
const Module = require('node:module');

if (!Object.hasOwn(Module._extensions, '.cjs')) Module._extensions['.cjs'] = Module._extensions['.js'];

import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Dependencies point inward only (the house style guide, kept outside this repository): the domain knows no other layer and no I/O library,
 * the application knows the domain and its own ports but no adapter or read model.
 */
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

const IO_LIBRARIES = ['express', 'mongodb', 'better-sqlite3', '@eventstore/db-client', 'inversify', 'cockatiel', 'node:fs', 'node:http'];

type Import = { file: string; specifier: string };

/** Static, type-only, re-export, side-effect and dynamic imports; comments are not code. */
const importsIn = (source: string): string[] => {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
};

const tsFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });

const importsOfLayer = (layer: string): Import[] =>
  tsFilesUnder(join(SRC, layer)).flatMap((file) => importsIn(readFileSync(file, 'utf8')).map((specifier) => ({ file, specifier })));

/** The top-level layer a relative import lands in, e.g. `infrastructure`; null for a package. */
const layerOf = ({ file, specifier }: Import): string | null => {
  if (!specifier.startsWith('.')) return null;
  const target = relative(SRC, resolve(dirname(file), specifier));
  return target.startsWith('..') ? null : (target.split(sep)[0] ?? null);
};

/** `fs`, `node:fs/promises` and `express/lib/...` count as the library they belong to. */
const ioLibraryOf = ({ specifier }: Import): string | undefined => {
  const name =
    specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('@')
      ? specifier
      : specifier.replace(/^(fs|http)(\/|$)/, 'node:$1$2');
  return IO_LIBRARIES.find((library) => name === library || name.startsWith(`${library}/`));
};

const describeOffences = (offences: Import[]) =>
  offences.map(({ file, specifier }) => `${relative(join(SRC, '..'), file)} imports '${specifier}'`).join('\n  ');

const expectNoOffences = (offences: Import[], rule: string) => expect(offences, `${rule}:\n  ${describeOffences(offences)}`).to.be.empty;

describe('Architecture', () => {
  describe('the import scanner', () => {
    it('sees every form of import and ignores commented-out ones', () => {
      const source = [
        "import { a } from '../a.js';",
        "import type {\n  B,\n} from '../b.js';",
        "export { c } from './c.js';",
        "export * from 'express';",
        "import 'node:http';",
        "const d = await import('../d.js');",
        "// import { e } from '../e.js';",
        "/* import { f } from '../f.js'; */",
      ].join('\n');
      expect(importsIn(source)).to.have.members(['../a.js', '../b.js', './c.js', 'express', 'node:http', '../d.js']);
    });

    it('finds the domain and application sources and their imports', () => {
      expect(importsOfLayer('domain').map(layerOf)).to.include('domain');
      expect(importsOfLayer('application').map(layerOf)).to.include('domain');
    });

    it('recognises a layer and an I/O library behind an import', () => {
      const file = join(SRC, 'domain', 'call', 'call.ts');
      expect(layerOf({ file, specifier: '../../infrastructure/http/app.js' })).to.equal('infrastructure');
      expect(ioLibraryOf({ file, specifier: 'fs/promises' })).to.equal('node:fs');
      expect(ioLibraryOf({ file, specifier: '@eventstore/db-client' })).to.equal('@eventstore/db-client');
      expect(ioLibraryOf({ file, specifier: 'expressive' })).to.equal(undefined);
    });
  });

  describe('the domain', () => {
    const imports = importsOfLayer('domain');

    it('imports nothing from application, infrastructure or projections', () => {
      const offences = imports.filter((i) => ['application', 'infrastructure', 'projections'].includes(layerOf(i) ?? ''));
      expectNoOffences(offences, 'The domain must not depend on an outer layer');
    });

    it('imports no I/O library', () => {
      expectNoOffences(
        imports.filter((i) => ioLibraryOf(i) !== undefined),
        'The domain must not import an I/O library',
      );
    });
  });

  describe('the application', () => {
    it('imports nothing from infrastructure or projections', () => {
      const offences = importsOfLayer('application').filter((i) => ['infrastructure', 'projections'].includes(layerOf(i) ?? ''));
      expectNoOffences(offences, 'The application must not depend on adapters or read models');
    });
  });
});

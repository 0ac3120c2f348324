import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/infrastructure/config/config.js';

/*
 * The deployment files checked offline: no cluster, no kubectl, no Docker engine, no network.
 * Kubernetes: the OpenAPI schemas compiled into `kubernetes-models` (types, required fields,
 * int-or-string), plus its TypeScript interfaces for unknown fields (what kubectl's
 * --validate=strict rejects). Compose: the compose-spec JSON schema that `dclint` ships, and
 * `docker compose config` when the CLI is here.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const k8sDir = join(root, 'deploy/k8s');
const kustomizeMissing = 'kustomize is not installed (go install sigs.k8s.io/kustomize/kustomize/v5@v5.7.1, or set KUSTOMIZE)';
// Manifests are walked as plain parsed YAML; their shape is what the schema checks establish.
type Json = Record<string, any>;
type Manifest = { file: string; doc: Json; id: string };

/** Every manifest file kustomize reads, base and overlays (not the kustomization files themselves). */
const manifestFiles = (dir = k8sDir, from = k8sDir): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return manifestFiles(path, from);
    return /\.ya?ml$/.test(entry.name) && entry.name !== 'kustomization.yaml' ? [relative(from, path)] : [];
  });
const parseManifests = (file: string, text: string): Manifest[] =>
  parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map(String).join('; ')}`);
    const doc = document.toJS() as Json;
    return { file, doc, id: `${file} ${doc.kind}/${doc.metadata?.name}` };
  });
const manifests: Manifest[] = manifestFiles()
  .sort()
  .flatMap((file) => parseManifests(file, readFileSync(join(k8sDir, file), 'utf8')));
const find = (kind: string, name: string, among = manifests) => {
  const found = among.find(({ doc }) => doc.kind === kind && doc.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} under deploy/k8s`);
  return found.doc;
};
/** KEY=value lines, as kustomize's `envs` reads them. */
const envFile = (file: string) =>
  Object.fromEntries(
    readFileSync(join(k8sDir, file), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
/** What a production pod's environment holds: base ConfigMap, the prod overlay's settings and its secrets' template. */
const config = () => ({
  ...find('ConfigMap', 'taxi-dispatch-config').data,
  ...envFile('overlays/prod/config.env'),
  ...envFile('overlays/prod/secrets.env.example'),
});

/** kustomize, from KUSTOMIZE or the PATH (.ci/run installs it from the Go module proxy). */
const kustomizeBin = () => {
  for (const candidate of [process.env.KUSTOMIZE, 'kustomize'].filter((bin): bin is string => Boolean(bin))) {
    if (spawnSync(candidate, ['version'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  return null;
};
/** Renders an overlay as `kubectl apply -k` would; prod gets its secrets from the committed template. */
const render = (bin: string, overlay: string): Manifest[] => {
  const scratch = mkdtempSync(join(tmpdir(), 'k8s-'));
  cpSync(k8sDir, scratch, { recursive: true });
  copyFileSync(join(scratch, 'overlays/prod/secrets.env.example'), join(scratch, 'overlays/prod/secrets.env'));
  const result = spawnSync(bin, ['build', join(scratch, 'overlays', overlay)], { encoding: 'utf8' });
  rmSync(scratch, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`kustomize build ${overlay}: ${result.stderr}`);
  const docs = parseManifests(`overlays/${overlay} (rendered)`, result.stdout);
  // kustomize folds long base64 values over lines (YAML block scalars); the API server joins them.
  for (const { doc } of docs.filter(({ doc }) => doc.kind === 'Secret')) {
    doc.data = Object.fromEntries(Object.entries(doc.data as Record<string, string>).map(([key, value]) => [key, value.replace(/\s+/g, '')]));
  }
  return docs;
};
const podSpecOf = (name: string) => find('Deployment', name).spec.template.spec;
const containerOf = (name: string) => podSpecOf(name).containers[0];

/** Type-checks every manifest against its kubernetes-models interface; returns the messages per manifest. */
const strictFieldErrors = (docs: Manifest[]): Map<Manifest, string[]> => {
  const files = new Map(docs.map((manifest, i) => [join(k8sDir, `.strict-check-${i}.ts`), manifest]));
  const sources = new Map(
    [...files].map(([file, { doc }]) => [
      file,
      `import type { I${doc.kind} as T } from 'kubernetes-models/${doc.apiVersion}/${doc.kind}';\nexport const manifest: T = ${JSON.stringify(doc)};\n`,
    ]),
  );
  const options: ts.CompilerOptions = {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const source = sources.get(file);
    return source === undefined ? readFromDisk(file, language, ...rest) : ts.createSourceFile(file, source, language);
  };
  host.fileExists = (
    (exists) => (file: string) =>
      sources.has(file) || exists(file)
  )(host.fileExists.bind(host));
  const errors = new Map<Manifest, string[]>(docs.map((manifest) => [manifest, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(ts.createProgram([...files.keys()], options, host))) {
    const manifest = diagnostic.file && files.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (manifest) errors.get(manifest)?.push(message);
    else throw new Error(`strict check: ${message}`);
  }
  return errors;
};

const validateSchema = async (doc: Json) => {
  const models: Json = await import(`kubernetes-models/${doc.apiVersion}`).catch(() => ({}));
  const Model = models[doc.kind];
  if (typeof Model !== 'function') throw new Error(`no Kubernetes schema for ${doc.apiVersion} ${doc.kind}`);
  new Model(doc).validate();
};

describe('Deployment manifests', () => {
  describe('Kubernetes (deploy/k8s)', () => {
    it('lists exactly the manifests of each folder in its kustomization.yaml', () => {
      for (const folder of ['base', 'overlays/dev', 'overlays/prod']) {
        const kustomization = parse(readFileSync(join(k8sDir, folder, 'kustomization.yaml'), 'utf8')) as Json;
        const listed = (kustomization.resources as string[]).filter((resource) => /\.ya?ml$/.test(resource));
        const present = manifestFiles(join(k8sDir, folder), join(k8sDir, folder)).filter((file) => !file.includes('/'));
        expect(listed.sort(), folder).to.deep.equal(present.sort());
      }
      const base = parse(readFileSync(join(k8sDir, 'base/kustomization.yaml'), 'utf8')) as Json;
      expect(base.namespace).to.equal(find('Namespace', 'taxi-dispatch').metadata.name);
    });

    it('keeps no secret value in git: no Secret manifest, and production secrets from an ignored env file', () => {
      expect(manifests.filter(({ doc }) => doc.kind === 'Secret').map(({ id }) => id)).to.deep.equal([]);
      const prod = parse(readFileSync(join(k8sDir, 'overlays/prod/kustomization.yaml'), 'utf8')) as Json;
      const [generator] = prod.secretGenerator as Json[];
      expect(generator!.envs).to.deep.equal(['secrets.env']);
      const ignored = spawnSync('git', ['check-ignore', '-q', join(k8sDir, 'overlays/prod/secrets.env')], { cwd: root });
      expect(ignored.status, 'overlays/prod/secrets.env is ignored by git').to.equal(0);
    });

    for (const manifest of manifests) {
      it(`${manifest.id} is valid against the Kubernetes schema of ${manifest.doc.apiVersion}`, async () => {
        await validateSchema(manifest.doc);
      });
    }

    it('rejects what the schemas forbid (the check is not a no-op)', async () => {
      const broken = structuredClone(find('Deployment', 'api'));
      broken.spec.replicas = 'two';
      delete broken.spec.selector;
      let error: unknown;
      await validateSchema(broken).catch((caught: unknown) => (error = caught));
      expect(String(error)).to.contain('replicas must be integer').and.to.contain('must have required property selector');
      const misspelt: Manifest = { file: 'api.yaml', id: 'misspelt', doc: structuredClone(find('Deployment', 'api')) };
      misspelt.doc.spec.template.spec.containers[0].readinesProbe = {};
      expect(strictFieldErrors([misspelt]).get(misspelt)?.join()).to.contain('\'"readinesProbe"\' does not exist');
    });

    it('has no field that the Kubernetes API does not know (strict, like kubectl --validate=strict)', () => {
      const problems = [...strictFieldErrors(manifests)].flatMap(([{ id }, errors]) => errors.map((error) => `${id}: ${error}`));
      expect(problems).to.deep.equal([]);
    });

    it('runs api with 2 replicas, a rolling update that never drops below them, and probes on /health', () => {
      const api = find('Deployment', 'api');
      expect(api.spec.replicas).to.equal(2);
      expect(api.spec.strategy).to.deep.include({ type: 'RollingUpdate' });
      expect(api.spec.strategy.rollingUpdate.maxUnavailable).to.equal(0);
      expect(containerOf('api').readinessProbe.httpGet.path).to.equal('/health/ready');
      expect(containerOf('api').livenessProbe.httpGet.path).to.equal('/health/live');
    });

    it('lets endpoints drain and in-flight work finish before the kill', () => {
      const graceMs = Number(config().SHUTDOWN_GRACE_MS);
      const [sleep, seconds] = containerOf('api').lifecycle.preStop.exec.command;
      expect(sleep).to.equal('sleep');
      expect(Number(seconds)).to.be.greaterThan(0);
      expect(podSpecOf('api').terminationGracePeriodSeconds * 1000).to.be.greaterThan(Number(seconds) * 1000 + graceMs);
      for (const name of ['projector', 'workers']) expect(podSpecOf(name).terminationGracePeriodSeconds * 1000).to.be.greaterThan(graceMs);
    });

    it('runs projector ×1 and workers ×2, each role set by ROLE', () => {
      expect(find('Deployment', 'projector').spec.replicas).to.equal(1);
      expect(find('Deployment', 'workers').spec.replicas).to.equal(2);
      for (const role of ['api', 'projector', 'workers']) expect(containerOf(role).env).to.deep.include({ name: 'ROLE', value: role });
    });

    it('gives every container requests, limits, a non-root user and a read-only root with writable scratch mounts', () => {
      for (const { doc } of manifests.filter(({ doc }) => doc.kind === 'Deployment')) {
        const pod = doc.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, doc.metadata.name).to.equal(true);
        for (const container of pod.containers) {
          expect(container.resources.requests, container.name).to.include.keys('cpu', 'memory');
          expect(container.resources.limits, container.name).to.include.keys('cpu', 'memory');
          expect(container.securityContext).to.deep.include({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
          const mounts = (container.volumeMounts ?? []).map((mount: Json) => mount.mountPath);
          expect(mounts, container.name).to.include('/tmp');
          if (container.envFrom) expect(mounts, container.name).to.include(config().DATA_DIR);
        }
      }
    });

    it('autoscales api on CPU and keeps one api pod through voluntary disruptions', () => {
      const hpa = find('HorizontalPodAutoscaler', 'api');
      expect(hpa.apiVersion).to.equal('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).to.deep.include({ kind: 'Deployment', name: 'api' });
      expect(hpa.spec.minReplicas).to.be.at.least(2);
      expect(hpa.spec.metrics.map((metric: Json) => metric.resource?.name)).to.include('cpu');
      const pdb = find('PodDisruptionBudget', 'api');
      expect(find('Deployment', 'api').spec.template.metadata.labels).to.deep.include(pdb.spec.selector.matchLabels);
    });

    it('points every Service at pods that exist, on a port they name', () => {
      for (const { doc: service, id } of manifests.filter(({ doc }) => doc.kind === 'Service')) {
        const targets = manifests.filter(
          ({ doc }) =>
            doc.kind === 'Deployment' &&
            Object.entries(service.spec.selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value),
        );
        expect(targets, id).to.have.length(1);
        const portNames = targets[0]!.doc.spec.template.spec.containers.flatMap((container: Json) => container.ports.map((port: Json) => port.name));
        for (const port of service.spec.ports) expect(portNames, id).to.include(port.targetPort);
      }
    });

    it("holds a configuration the app's own config schema accepts, for every role", () => {
      for (const role of ['api', 'projector', 'workers'])
        expect(loadConfig({ ...config(), ROLE: role })).to.include({ ROLE: role, SHUTDOWN_GRACE_MS: Number(config().SHUTDOWN_GRACE_MS) });
      for (const name of [
        'EVENTSTORE_URL',
        'MONGO_URL',
        'PAYMENT_GATEWAY_URL',
        'NOTIFY_WEBHOOK_URL',
        'AUTH_MODE',
        'AUTH_JWKS_URL',
        'AUTH_ISSUER',
        'AUTH_AUDIENCE',
        'LOG_LEVEL',
        'DATA_DIR',
        'MONGO_DB',
      ]) {
        expect(config(), name).to.have.property(name);
      }
    });
  });

  describe('Kubernetes overlays, rendered by kustomize', () => {
    const bin = kustomizeBin();
    const rendered = (overlay: string) => render(bin!, overlay);
    const names = (docs: Manifest[], kind: string) => docs.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc.metadata.name as string);
    beforeEach(function () {
      if (bin) return;
      console.log(`      skipped: ${kustomizeMissing}; the files above are still validated one by one`);
      this.skip();
    });

    for (const overlay of ['dev', 'prod']) {
      it(`renders ${overlay} into manifests valid against the Kubernetes schemas, each in the namespace`, async () => {
        const docs = rendered(overlay);
        for (const { doc } of docs) await validateSchema(doc);
        for (const { doc, id } of docs.filter(({ doc }) => doc.kind !== 'Namespace')) expect(doc.metadata.namespace, id).to.equal('taxi-dispatch');
        const configRef = find('Deployment', 'api', docs).spec.template.spec.containers[0].envFrom.map(
          (from: Json) => from.configMapRef?.name ?? from.secretRef?.name,
        );
        expect(configRef.sort(), 'generated names, so a changed setting rolls the pods').to.deep.equal(
          [...names(docs, 'ConfigMap'), ...names(docs, 'Secret')].sort(),
        );
      });
    }

    it('runs the payment simulator and in-cluster stores in dev only', () => {
      const dev = names(rendered('dev'), 'Deployment');
      const prod = names(rendered('prod'), 'Deployment');
      expect(dev.sort()).to.deep.equal(['api', 'eventstore', 'mongo', 'payment-gateway', 'projector', 'workers']);
      expect(prod.sort()).to.deep.equal(['api', 'projector', 'workers']);
    });

    it('gives production a configuration the app accepts for every role, with an identity provider', () => {
      const docs = rendered('prod');
      const settings = {
        ...docs.find(({ doc }) => doc.kind === 'ConfigMap')!.doc.data,
        ...Object.fromEntries(
          Object.entries(docs.find(({ doc }) => doc.kind === 'Secret')!.doc.data as Record<string, string>).map(([key, value]) => [
            key,
            Buffer.from(value, 'base64').toString(),
          ]),
        ),
      };
      for (const role of ['api', 'projector', 'workers'])
        expect(loadConfig({ ...settings, ROLE: role })).to.include({ ROLE: role, AUTH_MODE: 'jwks' });
      expect(settings.NODE_ENV).to.equal('production');
    });

    it('lets only the ingress controller reach api, and keeps a worker through a drain', () => {
      const docs = rendered('prod');
      expect(names(docs, 'NetworkPolicy')).to.include.members(['default-deny-ingress', 'api-from-ingress-controller']);
      expect(find('Ingress', 'api', docs).spec.rules[0].http.paths[0].backend.service.name).to.equal('api');
      expect(find('PodDisruptionBudget', 'workers', docs).spec.minAvailable).to.equal(1);
    });
  });

  describe('docker compose (docker-compose.yml)', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const compose = parse(text, { merge: true }) as Json;
    const services = compose.services as Record<string, Json>;
    const byRole = (role: string) => Object.entries(services).filter(([, service]) => service.environment?.ROLE === role);
    /** The environment a container gets when the shell sets nothing: defaults applied, pass-throughs absent. */
    const envOf = (service: Json) =>
      Object.fromEntries(
        Object.entries(service.environment ?? {})
          .filter(([, value]) => value !== null)
          .map(([name, value]) => [name, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
      );

    /** Compose durations as used here: `15s`, `1m`, `1m30s`. */
    const durationMs = (value: string) => {
      const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(value));
      if (!match || value === '') throw new Error(`not a duration: ${value}`);
      return (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000;
    };

    it('is valid against the compose-spec schema', () => {
      const schemaFile = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas/compose.schema.json');
      const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
      delete schema.$schema; // draft-07 under an https id Ajv does not know by that name
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      const valid = validate(compose);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).to.deep.equal([]);
      expect(valid).to.equal(true);
      expect(validate({ services: { api: { image: 'x', helthcheck: {} } } })).to.equal(false);
    });

    it('runs api with 2 replicas behind one entry, the only service that reaches them from outside', () => {
      const apis = byRole('api');
      expect(apis.reduce((sum, [, service]) => sum + (service.deploy?.replicas ?? 1), 0)).to.equal(2);
      for (const [, service] of apis) expect(service.ports ?? []).to.deep.equal([]);
      const entries = Object.entries(services).filter(
        ([, service]) => String(service.configs?.[0]?.source ?? '').length > 0 || /nginx|traefik|caddy/.test(service.image ?? ''),
      );
      expect(entries.map(([name]) => name)).to.deep.equal(['entry']);
      const [, entry] = entries[0]!;
      expect(entry.ports).to.have.length(1);
      const nginx = compose.configs[entry.configs[0].source].content as string;
      expect(nginx).to.match(/server api:3000 resolve/);
      expect(nginx).to.match(/proxy_next_upstream error timeout/);
      expect(entry.depends_on.api.condition).to.equal('service_healthy');
    });

    it('has a projector and workers, and every role waits for healthy stores and gateway', () => {
      for (const role of ['projector', 'workers']) expect(byRole(role), role).to.have.length(1);
      for (const [name, service] of [...byRole('api'), ...byRole('projector'), ...byRole('workers')]) {
        for (const dependency of ['eventstore', 'mongo', 'gateway'])
          expect(service.depends_on[dependency], `${name} → ${dependency}`).to.deep.equal({ condition: 'service_healthy' });
      }
    });

    it('publishes ports on 127.0.0.1 only, and limits every service in CPU and memory', () => {
      for (const [name, service] of Object.entries(services)) {
        for (const port of service.ports ?? []) expect(String(port), name).to.match(/^127\.0\.0\.1:\d+:\d+$/);
        expect(service.deploy?.resources?.limits, name).to.include.keys('cpus', 'memory');
      }
      expect(text, 'the minimum Compose version is stated').to.match(/Docker Compose\s+#?\s*v2\.\d+ or newer/);
    });

    it('gives every service a healthcheck', () => {
      for (const [name, service] of Object.entries(services)) expect(service.healthcheck?.test, name).to.be.an('array').that.is.not.empty;
    });

    it('uses EventStoreDB 24 in insecure mode and MongoDB 7', () => {
      expect(services.eventstore!.image).to.match(/^eventstore\/eventstore:24\./);
      expect(services.eventstore!.environment.EVENTSTORE_INSECURE).to.equal('true');
      expect(services.mongo!.image).to.match(/^mongo:7/);
    });

    it("gives each role a configuration the app's config schema accepts, and time to shut down gracefully", () => {
      for (const [name, service] of [...byRole('api'), ...byRole('projector'), ...byRole('workers')]) {
        const config = loadConfig(envOf(service));
        expect(config.EVENTSTORE_URL, name).to.match(/^esdb:\/\/eventstore:2113/);
        expect(config.MONGO_URL, name).to.match(/^mongodb:\/\/mongo:27017/);
        expect(durationMs(service.stop_grace_period), name).to.be.greaterThan(config.SHUTDOWN_GRACE_MS);
      }
    });

    it('is accepted by `docker compose config`', function () {
      const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
      if (version.error || version.status !== 0) {
        const reason = version.error ? 'the docker CLI is not installed' : 'the docker compose plugin is not installed';
        console.log(`      skipped: ${reason}; the schema test above still validates the file`);
        this.skip();
      }
      const result = spawnSync('docker', ['compose', '-f', join(root, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', cwd: root });
      expect(result.stderr).to.equal('');
      expect(result.status).to.equal(0);
    });
  });
});

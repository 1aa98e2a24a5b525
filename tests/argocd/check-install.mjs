#!/usr/bin/env node
// Checks the Argo CD plugin packaging (everything that is not C#), offline:
//   plugin.yaml, its copy in deploy/argocd-cmp/, the Dockerfile, `kubectl kustomize .` at the repository root,
//   examples/argocd/application.yaml; and runs the built install through tests/validators/validate.mjs.
//
// usage: node tests/argocd/check-install.mjs        (from anywhere; needs kubectl and tests/validators' npm deps)
// Prints one line per check ("ok ..." / "FAIL ..."); exit 0 when all pass, 1 otherwise.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const validatorDir = join(root, "tests", "validators");
const YAML = createRequire(join(validatorDir, "package.json"))("yaml");

let failures = 0;
function check(name, condition, detail = "") {
  if (condition) console.log(`ok   ${name}`);
  else {
    failures++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}
const read = (p) => readFileSync(join(root, p), "utf8");
const parseAll = (text) => YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d != null);

// ---------------------------------------------------------------- plugin.yaml

const pluginText = read("plugin.yaml");
const plugin = YAML.parse(pluginText);
check("deploy/argocd-cmp/plugin.yaml is identical to plugin.yaml", read("deploy/argocd-cmp/plugin.yaml") === pluginText,
  "copy plugin.yaml to deploy/argocd-cmp/plugin.yaml");
check("plugin.yaml is a ConfigManagementPlugin named mysqlrender, version v1",
  plugin.apiVersion === "argoproj.io/v1alpha1" && plugin.kind === "ConfigManagementPlugin" &&
  plugin.metadata?.name === "mysqlrender" && plugin.spec?.version === "v1");
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
check("discover runs `mysqlrender cmp discover` (find.command only)",
  same(plugin.spec.discover, { find: { command: ["mysqlrender", "cmp", "discover"] } }));
check("generate runs `mysqlrender cmp generate` without a shell",
  same(plugin.spec.generate, { command: ["mysqlrender", "cmp", "generate"] }));
check("no init command", plugin.spec.init === undefined);
const params = Object.fromEntries((plugin.spec.parameters?.static ?? []).map((p) => [p.name, p]));
check("parameters: namespace \"\", strict \"false\", labels {} (map), only-mysql \"false\"",
  same(Object.keys(params).sort(), ["labels", "namespace", "only-mysql", "strict"]) &&
  params.namespace.string === "" && params.strict.string === "false" && params["only-mysql"].string === "false" &&
  params.labels.collectionType === "map" && same(params.labels.map, {}));
check("preserveFileMode false, provideGitCreds false",
  plugin.spec.preserveFileMode === false && plugin.spec.provideGitCreds === false);

// ---------------------------------------------------------------- Dockerfile

const dockerfile = read("Dockerfile").split("\n").filter((l) => !/^\s*(#|$)/.test(l)).join("\n");
const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
check("Dockerfile: build on mcr.microsoft.com/dotnet/sdk:10.0", froms[0] === "mcr.microsoft.com/dotnet/sdk:10.0");
check("Dockerfile: runtime on mcr.microsoft.com/dotnet/runtime-deps:10.0*",
  froms.length === 2 && froms[1].startsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0"));
check("Dockerfile: installs clang and zlib1g-dev", /apt-get install[^\n]*clang[^\n]*zlib1g-dev/.test(dockerfile));
check("Dockerfile: Native AOT publish to /out", dockerfile.includes(
  "dotnet publish src/MySqlRender/MySqlRender.csproj -c Release -r linux-x64 -p:PublishAot=true -o /out"));
const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
check("Dockerfile: binary at /usr/local/bin/mysqlrender",
  /^COPY --from=build \/out\/mysqlrender \/usr\/local\/bin\/mysqlrender$/m.test(runtime));
check("Dockerfile: plugin.yaml at /home/argocd/cmp-server/config/plugin.yaml",
  /^COPY plugin\.yaml \/home\/argocd\/cmp-server\/config\/plugin\.yaml$/m.test(runtime));
check("Dockerfile: WORKDIR /home/argocd", /^WORKDIR \/home\/argocd$/m.test(runtime));
const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
check("Dockerfile: last USER is numeric 999", users.at(-1) === "999");
check("Dockerfile: no ENTRYPOINT or CMD (argocd-cmp-server is the sidecar's command)",
  !/^(ENTRYPOINT|CMD)\b/m.test(dockerfile));

// ---------------------------------------------------------------- kubectl kustomize .

let built = "";
try {
  built = execFileSync("kubectl", ["kustomize", root], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  check("kubectl kustomize . builds", true);
} catch (e) {
  check("kubectl kustomize . builds", false, String(e.stderr ?? e.message).trim());
}
if (built) {
  const objects = parseAll(built);
  const configMaps = objects.filter((o) => o.kind === "ConfigMap");
  const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "argocd-repo-server");
  check("output: one ConfigMap and the argocd-repo-server Deployment, nothing else",
    objects.length === 2 && configMaps.length === 1 && deployment !== undefined,
    objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(", "));
  const cm = configMaps[0];
  check("ConfigMap mysqlrender-cmp-plugin-<hash> in argocd holds plugin.yaml verbatim",
    /^mysqlrender-cmp-plugin-[a-z0-9]{10}$/.test(cm?.metadata?.name ?? "") && cm.metadata.namespace === "argocd" &&
    cm.data?.["plugin.yaml"] === pluginText);
  const pod = deployment?.spec?.template?.spec ?? {};
  const containers = pod.containers ?? [];
  const volumes = Object.fromEntries((pod.volumes ?? []).map((v) => [v.name, v]));
  check("Deployment in namespace argocd", deployment?.metadata?.namespace === "argocd");
  check("repo-server container stays first (default for kubectl logs/exec)", containers[0]?.name === "argocd-repo-server");
  const sidecar = containers.find((c) => c.name === "mysqlrender");
  check("sidecar mysqlrender added", sidecar !== undefined);
  if (sidecar) {
    check("sidecar command is [/var/run/argocd/argocd-cmp-server], no args",
      same(sidecar.command, ["/var/run/argocd/argocd-cmp-server"]) && sidecar.args === undefined);
    check("sidecar image is the placeholder ghcr.io/mysqlrender/mysqlrender:0.1.0",
      sidecar.image === "ghcr.io/mysqlrender/mysqlrender:0.1.0");
    const sc = sidecar.securityContext ?? {};
    check("sidecar securityContext: non-root 999, no escalation, read-only root, drop ALL, RuntimeDefault",
      sc.runAsNonRoot === true && sc.runAsUser === 999 && sc.allowPrivilegeEscalation === false &&
      sc.readOnlyRootFilesystem === true && same(sc.capabilities?.drop, ["ALL"]) &&
      sc.seccompProfile?.type === "RuntimeDefault");
    const r = sidecar.resources ?? {};
    check("sidecar resources: cpu and memory requests and limits",
      ["cpu", "memory"].every((k) => r.requests?.[k] !== undefined && r.limits?.[k] !== undefined));
    const mounts = Object.fromEntries((sidecar.volumeMounts ?? []).map((m) => [m.mountPath, m]));
    check("mount var-files at /var/run/argocd", mounts["/var/run/argocd"]?.name === "var-files");
    check("mount plugins at /home/argocd/cmp-server/plugins", mounts["/home/argocd/cmp-server/plugins"]?.name === "plugins");
    const cfg = mounts["/home/argocd/cmp-server/config/plugin.yaml"];
    check("plugin.yaml mounted with subPath from the generated ConfigMap",
      cfg?.subPath === "plugin.yaml" && volumes[cfg.name]?.configMap?.name === cm?.metadata?.name);
    check("own emptyDir mysqlrender-tmp at /tmp (not the repo-server's tmp)",
      mounts["/tmp"]?.name === "mysqlrender-tmp" && volumes["mysqlrender-tmp"]?.emptyDir !== undefined);
    check("var-files and plugins are the stock emptyDir volumes",
      volumes["var-files"]?.emptyDir !== undefined && volumes.plugins?.emptyDir !== undefined);
  }
  const dangling = containers.concat(pod.initContainers ?? []).flatMap((c) => c.volumeMounts ?? [])
    .filter((m) => volumes[m.name] === undefined).map((m) => m.name);
  check("every volumeMount names a volume", dangling.length === 0, dangling.join(", "));
  check("volume names are unique", (pod.volumes ?? []).length === Object.keys(volumes).length);

  if (existsSync(join(validatorDir, "validate.mjs")) && existsSync(join(validatorDir, "node_modules"))) {
    try {
      const out = execFileSync(process.execPath, [join(validatorDir, "validate.mjs"), "--strict-kinds"],
        { input: built, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
      check("tests/validators/validate.mjs --strict-kinds accepts the install", true, out.trim());
    } catch (e) {
      check("tests/validators/validate.mjs --strict-kinds accepts the install", false, String(e.stdout).trim());
    }
  } else {
    console.log("skip tests/validators not installed (npm ci in tests/validators)");
  }
}

// ---------------------------------------------------------------- examples/argocd

const app = YAML.parse(read("examples/argocd/application.yaml"));
const source = app.spec?.source ?? {};
check("Application names the plugin <name>-<version>",
  source.plugin?.name === `${plugin.metadata.name}-${plugin.spec.version}`);
check("Application: automated prune + selfHeal, CreateNamespace=true",
  app.spec?.syncPolicy?.automated?.prune === true && app.spec.syncPolicy.automated.selfHeal === true &&
  (app.spec.syncPolicy.syncOptions ?? []).includes("CreateNamespace=true"));
check("Application parameters are announced in plugin.yaml",
  (source.plugin?.parameters ?? []).every((p) => params[p.name] !== undefined));
const appDir = join(root, source.path ?? "-");
const yamlFiles = existsSync(appDir) && statSync(appDir).isDirectory()
  ? readdirSync(appDir).filter((f) => /\.ya?ml$/.test(f)) : [];
const resources = yamlFiles.flatMap((f) => parseAll(readFileSync(join(appDir, f), "utf8")));
check(`${source.path} holds a MySQL resource and no kustomization.yaml/Chart.yaml (discovery matches)`,
  resources.some((o) => o.apiVersion === "otus.homework/v1" && o.kind === "MySQL") &&
  !["kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"].some((f) => existsSync(join(appDir, f))));

console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

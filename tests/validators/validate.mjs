#!/usr/bin/env node
// Offline Kubernetes manifest validator for mysqlrender's test suite.
//
// usage: node validate.mjs [--strict-kinds] [--no-unknown-fields] [--no-api-rules] [--allow-empty] [FILE...]
//        (no FILE, or "-": read stdin)
//
// For every YAML document of the stream(s) it prints one line on stdout:
//   ok <kind>/<name>               valid
//   error <kind>/<name>: <msgs>    invalid (msgs are "; "-separated, each "path: message")
//   skip <kind>/<name>             no schema for this apiVersion/kind (CRD instances such as argoproj.io
//                                  Application, bitnami SealedSecret); a failure with --strict-kinds
// and a summary "N ok, N error, N skip" on stderr.
// Exit: 0 all valid, 1 any invalid document (or an empty stream, unless --allow-empty), 2 unparsable YAML
// or usage error.
//
// Checks, per document:
//  1. YAML: syntax (exit 2), duplicate keys (error), YAML 1.1 scalars as the API server's sigs.k8s.io/yaml
//     reads them (an unquoted `yes` is a boolean there, so `value: yes` in an env var is an error here too).
//  2. apiVersion, kind, metadata.name present and strings.
//  3. kubernetes-models: `new Kind(obj).validate()` (the OpenAPI schema of that Kubernetes release compiled
//     with ajv: types, required fields, enums, formats such as int-or-string and quantity).
//  4. unknown fields (kubernetes-models' schemas allow any extra property, kubectl --validate=strict does
//     not): the schema validator runs on a Proxy that records which properties it reads; a property of an
//     object the validator looked into but never read is reported as unknown. Objects the validator never
//     looks into (free-form values, e.g. a CRD's `default`) and maps it enumerates (labels, resources) are
//     not judged. Off with --no-unknown-fields.
//  5. API-server rules the OpenAPI schema does not encode (off with --no-api-rules): metadata.name is a
//     DNS-1123 subdomain (a DNS-1035 label for Service, a DNS-1123 label for Namespace), metadata.namespace
//     a DNS-1123 label, label keys/values and annotation keys well formed (every `metadata` and
//     `matchLabels` at any depth), container, volume and port names; port numbers in 1..65535; a workload's
//     selector matches its pod template; a Job's restartPolicy is OnFailure or Never; a CronJob schedule is
//     5-field cron (or @daily ...) without TZ=; containers have an image, mount only volumes of their pod,
//     and request no more than their limit.
//  Known gaps (samples/missed/ shows them): rules that need the live object (immutable fields), cross-object
//  references (a claimName, a secretName), and the many other per-field rules of the API server.

import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const USAGE =
  "usage: validate.mjs [--strict-kinds] [--no-unknown-fields] [--no-api-rules] [--allow-empty] [FILE...]";

// ---------------------------------------------------------------- arguments

const opts = { strictKinds: false, unknownFields: true, apiRules: true, allowEmpty: false };
const files = [];
for (const arg of process.argv.slice(2)) {
  if (arg === "--strict-kinds") opts.strictKinds = true;
  else if (arg === "--no-unknown-fields") opts.unknownFields = false;
  else if (arg === "--no-api-rules") opts.apiRules = false;
  else if (arg === "--allow-empty") opts.allowEmpty = true;
  else if (arg === "-h" || arg === "--help") {
    console.log(USAGE);
    process.exit(0);
  } else if (arg.startsWith("--")) {
    console.error(`validate.mjs: unknown option ${arg}\n${USAGE}`);
    process.exit(2);
  } else files.push(arg);
}
if (files.length === 0) files.push("-");

// ---------------------------------------------------------------- schema lookup

// apiVersion "v1" -> kubernetes-models/v1/Kind, "apps/v1" -> kubernetes-models/apps/v1/Kind,
// "rbac.authorization.k8s.io/v1" -> kubernetes-models/rbac.authorization.k8s.io/v1/Kind, ...
const RE_GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const RE_VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const RE_KIND = /^[A-Z][A-Za-z0-9]*$/;
const modelCache = new Map();

async function findModel(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let model = null;
  const parts = apiVersion.split("/");
  const [group, version] = parts.length === 1 ? ["", parts[0]] : parts;
  if (parts.length <= 2 && (group === "" || RE_GROUP.test(group)) && RE_VERSION.test(version) && RE_KIND.test(kind)) {
    const spec = `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
    try {
      const mod = await import(spec);
      const cls = mod[kind];
      // Only top-level resources: DeploymentSpec exists as a class too, but is no kind.
      if (typeof cls === "function" && cls.apiVersion === apiVersion && cls.kind === kind) model = cls;
    } catch (e) {
      if (!["ERR_MODULE_NOT_FOUND", "ERR_PACKAGE_PATH_NOT_EXPORTED"].includes(e.code)) throw e;
    }
  }
  modelCache.set(key, model);
  return model;
}

// ---------------------------------------------------------------- helpers

function fieldPath(base, key, inArray) {
  if (inArray) return `${base}[${key}]`;
  const k = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return base ? `${base}.${k}` : k;
}

// ajv instancePath "/spec/template/spec/containers/0/image" -> "spec.template.spec.containers[0].image"
function fromPointer(pointer) {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out = fieldPath(out, seg, /^[0-9]+$/.test(seg));
  }
  return out || "(root)";
}

function isMap(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// kubernetes-models' compiled schemas leave out every property named `description` and every `x-kubernetes-*`
// key (its generator strips them as if they were schema annotations; its .d.ts files still list them).
// The kinds whose API has such fields: those keys are neither checked nor reported as unknown there.
const UNSCHEMAED = {
  CustomResourceDefinition: /^(description|x-kubernetes-[a-z-]+)$/,
  PriorityClass: /^description$/,
  ValidatingAdmissionPolicy: /^description$/,
};

// Runs fn on a Proxy of obj that records, for every object reached, which own properties were read and
// whether its keys were enumerated. Returns the unknown field paths.
function unreadFields(obj, fn, alwaysKnown) {
  const infos = new Map();
  const proxies = new WeakMap();
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const info = { path, read: new Set(), touched: false, enumerated: false, array: Array.isArray(value) };
    infos.set(value, info);
    const proxy = new Proxy(value, {
      get(t, k, r) {
        info.touched = true;
        const v = Reflect.get(t, k, r);
        if (typeof k !== "string") return v;
        info.read.add(k);
        return Object.hasOwn(t, k) ? wrap(v, fieldPath(path, k, info.array)) : v;
      },
      has(t, k) {
        info.touched = true;
        if (typeof k === "string") info.read.add(k);
        return Reflect.has(t, k);
      },
      ownKeys(t) {
        info.touched = info.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  fn(wrap(obj, ""));
  const unknown = [];
  for (const [target, info] of infos) {
    if (info.array || info.enumerated || !info.touched) continue;
    for (const k of Object.keys(target))
      if (!info.read.has(k) && !alwaysKnown.test(k)) unknown.push(fieldPath(info.path, k, false));
  }
  return unknown;
}

// ---------------------------------------------------------------- API-server rules (not in the schema)

const RE_DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RE_DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RE_QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const RE_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const RE_IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function dns1123Label(v) {
  return typeof v === "string" && v.length <= 63 && RE_DNS1123_LABEL.test(v);
}
function dns1035Label(v) {
  return typeof v === "string" && v.length <= 63 && RE_DNS1035_LABEL.test(v);
}
function dns1123Subdomain(v) {
  return typeof v === "string" && v.length <= 253 && v.split(".").every((p) => RE_DNS1123_LABEL.test(p));
}
function qualifiedName(k) {
  const i = k.lastIndexOf("/");
  const [prefix, name] = i < 0 ? [null, k] : [k.slice(0, i), k.slice(i + 1)];
  if (prefix !== null && !dns1123Subdomain(prefix)) return false;
  return name.length <= 63 && RE_QUALIFIED_NAME.test(name);
}

function apiRules(obj) {
  const problems = [];
  const kind = obj.kind;
  const name = obj.metadata.name;
  if (kind === "Service" ? !dns1035Label(name) : kind === "Namespace" ? !dns1123Label(name) : !dns1123Subdomain(name))
    problems.push(`metadata.name: "${name}" is not a valid ${kind === "Service" ? "DNS-1035 label" : kind === "Namespace" ? "DNS-1123 label" : "DNS-1123 subdomain"}`);
  const ns = obj.metadata.namespace;
  if (ns !== undefined && !dns1123Label(ns)) problems.push(`metadata.namespace: "${ns}" is not a valid DNS-1123 label`);

  const labels = (m, path) => {
    if (!isMap(m)) return;
    for (const [k, v] of Object.entries(m)) {
      if (!qualifiedName(k)) problems.push(`${path}: key "${k}" is not a qualified name`);
      if (typeof v === "string" && !(v.length <= 63 && RE_LABEL_VALUE.test(v)))
        problems.push(`${fieldPath(path, k)}: "${v}" is not a valid label value (at most 63 characters)`);
    }
  };
  const named = (list, path, ok, what) => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (isMap(item) && item.name !== undefined && !ok(item.name))
        problems.push(`${path}[${i}].name: "${item.name}" is not a valid ${what}`);
    });
  };
  const walk = (v, path) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, fieldPath(path, String(i), true)));
    if (!isMap(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const p = fieldPath(path, k);
      // a CRD's openAPIV3Schema describes objects, it is not one: its `properties.matchLabels` is a field's schema
      if (k === "openAPIV3Schema") continue;
      if (k === "metadata" && isMap(x)) {
        labels(x.labels, fieldPath(p, "labels"));
        if (isMap(x.annotations))
          for (const a of Object.keys(x.annotations))
            if (!qualifiedName(a)) problems.push(`${fieldPath(p, "annotations")}: key "${a}" is not a qualified name`);
      } else if (k === "matchLabels") labels(x, p);
      else if (k === "containers" || k === "initContainers") {
        named(x, p, dns1123Label, "DNS-1123 label");
        if (Array.isArray(x)) x.forEach((c, i) => isMap(c) && named(c.ports, `${p}[${i}].ports`, (n) => typeof n === "string" && n.length <= 15 && RE_IANA_SVC_NAME.test(n) && /[a-z]/.test(n) && !n.includes("--"), "IANA service name"));
      } else if (k === "volumes" && path.endsWith("spec")) named(x, p, dns1123Label, "DNS-1123 label");
      walk(x, p);
    }
  };
  walk(obj, "");
  if (kind === "Service" && isMap(obj.spec)) {
    labels(obj.spec.selector, "spec.selector");
    (Array.isArray(obj.spec.ports) ? obj.spec.ports : []).forEach((port, i) => {
      if (!isMap(port)) return;
      for (const f of ["port", "nodePort"]) if (port[f] !== undefined && !portNumber(port[f])) problems.push(`spec.ports[${i}].${f}: ${port[f]} is not in 1..65535`);
      if (!portNumber(port.targetPort)) problems.push(`spec.ports[${i}].targetPort: ${port.targetPort} is not in 1..65535`);
    });
  }

  // workloads: the selector must select the pod template
  const spec = isMap(obj.spec) ? obj.spec : {};
  if (["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"].includes(kind) && isMap(spec.selector?.matchLabels)) {
    const have = isMap(spec.template?.metadata?.labels) ? spec.template.metadata.labels : {};
    for (const [k, v] of Object.entries(spec.selector.matchLabels))
      if (have[k] !== v) problems.push(`spec.template.metadata.labels: selector label ${k}=${v} does not match the template`);
  }
  // Jobs: restartPolicy must be OnFailure or Never (the default Always is rejected)
  const jobSpec = kind === "Job" ? spec : kind === "CronJob" ? spec.jobTemplate?.spec : null;
  if (isMap(jobSpec)) {
    const base = kind === "Job" ? "spec.template.spec" : "spec.jobTemplate.spec.template.spec";
    const rp = jobSpec.template?.spec?.restartPolicy;
    if (rp !== "OnFailure" && rp !== "Never") problems.push(`${base}.restartPolicy: "${rp ?? "(unset: Always)"}" is not OnFailure or Never`);
  }
  if (kind === "CronJob" && typeof spec.schedule === "string") {
    const why = cronProblem(spec.schedule);
    if (why) problems.push(`spec.schedule: "${spec.schedule}" ${why}`);
  }
  // containers: port range, limits >= requests
  const podSpec = kind === "Pod" ? spec : kind === "CronJob" ? spec.jobTemplate?.spec?.template?.spec : spec.template?.spec;
  const podBase = kind === "Pod" ? "spec" : kind === "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  if (isMap(podSpec)) {
    const volumes = new Set((Array.isArray(podSpec.volumes) ? podSpec.volumes : []).map((v) => v?.name));
    for (const list of ["initContainers", "containers"])
      (Array.isArray(podSpec[list]) ? podSpec[list] : []).forEach((c, i) => {
        if (!isMap(c)) return;
        const at = `${podBase}.${list}[${i}]`;
        if (c.image === undefined || c.image === null || (typeof c.image === "string" && c.image.trim() === "")) problems.push(`${at}.image: required`);
        (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m, j) => {
          if (isMap(m) && !volumes.has(m.name)) problems.push(`${at}.volumeMounts[${j}].name: no volume "${m.name}" in ${podBase}.volumes`);
        });
        (Array.isArray(c.ports) ? c.ports : []).forEach((port, j) => {
          if (isMap(port) && port.containerPort !== undefined && !portNumber(port.containerPort))
            problems.push(`${at}.ports[${j}].containerPort: ${port.containerPort} is not in 1..65535`);
        });
        const req = c.resources?.requests, lim = c.resources?.limits;
        if (isMap(req) && isMap(lim))
          for (const [r, q] of Object.entries(req)) {
            const a = quantityValue(q), b = quantityValue(lim[r]);
            if (a !== null && b !== null && a > b) problems.push(`${at}.resources.requests.${r}: ${q} is more than the limit ${lim[r]}`);
          }
      });
  }
  return problems;
}

// true unless a number out of 1..65535 (a wrong type is the schema's to report)
function portNumber(v) {
  return typeof v !== "number" || (Number.isInteger(v) && v >= 1 && v <= 65535);
}

// Kubernetes quantity -> number (null when not a quantity; the schema reports that).
const QUANTITY_SUFFIX = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
function quantityValue(q) {
  if (typeof q === "number") return q;
  const m = typeof q === "string" && /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|([KMGTPE]i|[numkMGTPE])?)$/.exec(q);
  if (!m) return null;
  return Number(m[1] + (m[2] ?? "")) * (m[2] ? 1 : QUANTITY_SUFFIX[m[3] ?? ""]);
}

// The standard 5-field cron syntax the CronJob controller parses (robfig/cron ParseStandard), or a
// descriptor (@hourly ...). Kubernetes rejects TZ= / CRON_TZ= inside the schedule (spec.timeZone instead).
const CRON_FIELDS = [
  ["minute", 0, 59, []],
  ["hour", 0, 23, []],
  ["day of month", 1, 31, []],
  ["month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]],
  ["day of week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]],
];
function cronProblem(schedule) {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return "must not set a time zone (use spec.timeZone)";
  if (s.startsWith("@")) {
    if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(s)) return null;
    if (/^@every\s+((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/.test(s)) return null;
    return "is not a known cron descriptor";
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, not 5 (minute hour day-of-month month day-of-week)`;
  for (const [i, [what, lo, hi, names]] of CRON_FIELDS.entries()) {
    const value = (t) => {
      const n = names.indexOf(t.toUpperCase());
      if (n >= 0) return n + lo;
      return /^\d+$/.test(t) ? Number(t) : NaN;
    };
    for (const part of fields[i].split(",")) {
      const m = /^(\*|\?|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `has an invalid ${what} field "${fields[i]}"`;
      if (m[4] !== undefined && Number(m[4]) < 1) return `has a zero step in the ${what} field`;
      if (m[2] === undefined) continue;
      const a = value(m[2]), b = m[3] === undefined ? a : value(m[3]);
      if (!(a >= lo && a <= hi && b >= lo && b <= hi && a <= b)) return `has an out-of-range ${what} "${part}" (${lo}-${hi})`;
    }
  }
  return null;
}

// ---------------------------------------------------------------- one document

async function checkDoc(obj) {
  if (!isMap(obj)) return { status: "error", id: "?/?", problems: ["document is not a mapping"] };
  const problems = [];
  const kind = typeof obj.kind === "string" && obj.kind ? obj.kind : null;
  const apiVersion = typeof obj.apiVersion === "string" && obj.apiVersion ? obj.apiVersion : null;
  const name = isMap(obj.metadata) && typeof obj.metadata.name === "string" && obj.metadata.name ? obj.metadata.name : null;
  if (!apiVersion) problems.push("apiVersion: required (a non-empty string)");
  if (!kind) problems.push("kind: required (a non-empty string)");
  if (!name) problems.push("metadata.name: required (a non-empty string)");
  const id = `${kind ?? "?"}/${name ?? "?"}`;
  if (problems.length) return { status: "error", id, problems };

  const Model = await findModel(apiVersion, kind);
  if (!Model) return { status: opts.strictKinds ? "error" : "skip", id, problems: [`no schema for ${apiVersion} ${kind}`] };

  const model = new Model(obj);
  const run = (self) => {
    try {
      model.validate.call(self);
    } catch (e) {
      if (!Array.isArray(e.errors)) throw e;
      const seen = new Set();
      for (const err of e.errors) {
        // a oneOf summary adds nothing to the messages of its branches
        if (err.keyword === "oneOf" || err.keyword === "anyOf") continue;
        const msg = `${fromPointer(err.instancePath)}: ${err.message}`;
        if (!seen.has(msg)) seen.add(msg) && problems.push(msg);
      }
      if (seen.size === 0) problems.push(e.message);
    }
  };
  if (opts.unknownFields) {
    for (const f of unreadFields(model, run, UNSCHEMAED[kind] ?? /(?!)/)) problems.push(`${f}: unknown field`);
  } else run(model);
  if (opts.apiRules) problems.push(...apiRules(obj));
  return { status: problems.length ? "error" : "ok", id, problems };
}

// ---------------------------------------------------------------- main

function readSource(file) {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    console.error(`validate.mjs: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
}

const counts = { ok: 0, error: 0, skip: 0 };
let parseFailed = false;

for (const file of files) {
  const where = file === "-" ? "stdin" : file;
  const docs = parseAllDocuments(readSource(file), { version: "1.1", uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(docs)) {
    // an EmptyStream: nothing but comments or blanks
    continue;
  }
  for (const [index, doc] of docs.entries()) {
    const fatal = doc.errors.filter((e) => e.code !== "DUPLICATE_KEY");
    if (fatal.length) {
      parseFailed = true;
      for (const e of fatal) console.error(`${where}: document ${index + 1}: ${e.message}`);
      continue;
    }
    const obj = doc.toJS({ maxAliasCount: 100 });
    if (obj === null || obj === undefined) continue; // an empty document ("---" alone)
    let result;
    const dups = doc.errors.filter((e) => e.code === "DUPLICATE_KEY");
    if (dups.length) {
      const id = isMap(obj) ? `${obj.kind ?? "?"}/${obj.metadata?.name ?? "?"}` : "?/?";
      result = { status: "error", id, problems: dups.map((e) => `duplicate key at line ${e.linePos?.[0]?.line ?? "?"}`) };
    } else {
      result = await checkDoc(obj);
    }
    counts[result.status]++;
    if (result.status === "error")
      console.log(`error ${result.id}: ${result.problems.join("; ")} (${where}, document ${index + 1})`);
    else console.log(`${result.status} ${result.id}`);
  }
}

if (parseFailed) {
  console.error("validate.mjs: unparsable YAML");
  process.exit(2);
}
const total = counts.ok + counts.error + counts.skip;
console.error(`${counts.ok} ok, ${counts.error} error, ${counts.skip} skip`);
if (total === 0 && !opts.allowEmpty) {
  console.error("validate.mjs: no documents (use --allow-empty to accept an empty stream)");
  process.exit(1);
}
process.exit(counts.error ? 1 : 0);

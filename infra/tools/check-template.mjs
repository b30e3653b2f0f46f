#!/usr/bin/env node
// Assertions on the COMPILED template (bicep build output), run by infra/check:
//   node infra/tools/check-template.mjs <main.json> [repository root]
// Structural facts (parameter decorators, role assignment names, the vault's createMode) are read from the JSON;
// behaviour that depends on parameter values (which app settings exist, what they hold, which values the template
// refuses) is checked by evaluating the template's own expressions for a few parameter sets. Only the ARM functions
// the template uses are implemented: a new one makes this script fail loudly rather than pass without checking.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [templatePath, root = '.'] = process.argv.slice(2);
if (!templatePath) {
  console.error('usage: check-template.mjs <compiled main.json> [repository root]');
  process.exit(2);
}
const main = JSON.parse(readFileSync(templatePath, 'utf8'));

// ------------------------------------------------------------------------------------------------------------
// ARM expressions: parse "[...]" strings and evaluate them.
// ------------------------------------------------------------------------------------------------------------

class TemplateFailure extends Error {} // fail('...') in the template
class Runtime {
  // A value known only during the deployment (reference(...) and what is read from it).
  constructor(text) { this.text = text; }
  toString() { return `<${this.text}>`; }
}

function parse(expression) {
  let i = 0;
  const s = expression;
  const skip = () => { while (s[i] === ' ') i++; };
  const fail = (what) => { throw new Error(`cannot parse ${what} at ${i} in ${s}`); };
  function primary() {
    skip();
    if (s[i] === "'") {
      let out = '';
      for (i++; ; i++) {
        if (i >= s.length) fail('string');
        if (s[i] === "'") {
          if (s[i + 1] === "'") { out += "'"; i++; continue; }
          i++;
          return { kind: 'literal', value: out };
        }
        out += s[i];
      }
    }
    const number = /^-?\d+/.exec(s.slice(i));
    if (number) { i += number[0].length; return { kind: 'literal', value: Number(number[0]) }; }
    const name = /^[A-Za-z_][\w.]*/.exec(s.slice(i));
    if (!name) fail('expression');
    i += name[0].length;
    skip();
    if (s[i] !== '(') fail(`call of ${name[0]}`);
    i++;
    const args = [];
    skip();
    if (s[i] === ')') { i++; } else {
      for (;;) {
        args.push(postfix());
        skip();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ')') { i++; break; }
        fail('argument list');
      }
    }
    return { kind: 'call', name: name[0], args };
  }
  function postfix() {
    let node = primary();
    for (;;) {
      skip();
      if (s[i] === '.') {
        i++;
        const name = /^[A-Za-z_$][\w$]*/.exec(s.slice(i)) ?? fail('property');
        i += name[0].length;
        node = { kind: 'member', target: node, key: { kind: 'literal', value: name[0] } };
      } else if (s[i] === '[') {
        i++;
        const key = postfix();
        skip();
        if (s[i] !== ']') fail('index');
        i++;
        node = { kind: 'member', target: node, key };
      } else {
        return node;
      }
    }
  }
  const node = postfix();
  skip();
  if (i !== s.length) fail('end');
  return node;
}

const isExpression = (v) => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');

// A scope: one template (its parameters, variables and functions) with concrete parameter values.
function scope(template, parameterValues) {
  const variables = new Map();
  const functions = new Map();
  for (const ns of template.functions ?? []) {
    for (const [name, member] of Object.entries(ns.members ?? {})) functions.set(`${ns.namespace}.${name}`.toLowerCase(), member);
  }
  const self = {
    template,
    parameters: parameterValues,
    variable(name) {
      if (!variables.has(name)) {
        if (!(name in (template.variables ?? {}))) throw new Error(`no variable '${name}'`);
        variables.set(name, self.value(template.variables[name]));
      }
      return variables.get(name);
    },
    value(v, lambdas = {}) {
      if (isExpression(v)) return evaluate(parse(v.slice(1, -1)), self, lambdas);
      if (typeof v === 'string' && v.startsWith('[[')) return v.slice(1);
      if (Array.isArray(v)) return v.map((x) => self.value(x, lambdas));
      if (v && typeof v === 'object') {
        const out = {};
        for (const [k, x] of Object.entries(v)) out[self.value(k, lambdas)] = self.value(x, lambdas);
        return out;
      }
      return v;
    },
    functions,
  };
  return self;
}

const text = (v) => (v instanceof Runtime ? v.toString() : typeof v === 'string' ? v : JSON.stringify(v));
const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && !(v instanceof Runtime) && Object.keys(v).length === 0);
// uniqueString is a hash the deployment computes; a stable 13-character stand-in is enough to build names.
const fakeHash = (...parts) => {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return (h.toString(36) + 'abcdefghijklm').slice(0, 13);
};

function evaluate(node, sc, lambdas) {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'member') {
    const target = evaluate(node.target, sc, lambdas);
    const key = evaluate(node.key, sc, lambdas);
    if (target instanceof Runtime) return new Runtime(`${target.text}.${key}`);
    if (target === null || target === undefined || !(key in Object(target))) throw new Error(`no property '${key}' on ${text(target)}`);
    return target[key];
  }
  const name = node.name.toLowerCase();
  const args = () => node.args.map((a) => evaluate(a, sc, lambdas));
  switch (name) {
    case 'parameters': {
      const [p] = args();
      if (!(p in sc.parameters)) throw new Error(`parameter '${p}' has no value in this scenario`);
      return sc.parameters[p];
    }
    case 'variables': return sc.variable(args()[0]);
    case 'if': {
      const condition = evaluate(node.args[0], sc, lambdas);
      if (typeof condition !== 'boolean') throw new Error(`if() needs a known boolean, got ${text(condition)}`);
      return evaluate(node.args[condition ? 1 : 2], sc, lambdas);
    }
    case 'fail': throw new TemplateFailure(args()[0]);
    case 'lambda': return { lambda: node.args.slice(0, -1).map((a) => evaluate(a, sc, lambdas)), body: node.args.at(-1), lambdas };
    case 'lambdavariables': return lambdas[args()[0]];
    // Symbolic name (languageVersion 2.0) or resourceId(...) (1.0): both become reference('<deployment name>').
    case 'reference': return new Runtime(`reference('${String(args()[0]).split('/').at(-1)}')`);
    case 'resourceid': return args().join('/');
    case 'resourcegroup': return { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-check', location: 'westeurope', name: 'rg-check' };
    case 'subscription': return { id: '/subscriptions/00000000-0000-0000-0000-000000000000', subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: '11111111-1111-1111-1111-111111111111' };
    case 'true': return true;
    case 'false': return false;
    case 'null': return null;
  }
  const call = (fn, ...values) => {
    const inner = { ...fn.lambdas };
    fn.lambda.forEach((n, k) => { inner[n] = values[k]; });
    return evaluate(fn.body, sc, inner);
  };
  const a = args();
  switch (name) {
    case 'format': return a[0].replace(/\{(\d+)\}/g, (_, k) => text(a[1 + Number(k)]));
    case 'concat': return a.every(Array.isArray) ? a.flat() : a.map(text).join('');
    case 'createobject': { const o = {}; for (let k = 0; k < a.length; k += 2) o[a[k]] = a[k + 1]; return o; }
    case 'createarray': return a;
    case 'union': return a.every(Array.isArray) ? [...new Set(a.flat())] : Object.assign({}, ...a);
    case 'not': return !a[0];
    case 'and': return a.every(Boolean);
    case 'or': return a.some(Boolean);
    case 'equals': return JSON.stringify(a[0]) === JSON.stringify(a[1]);
    case 'empty': return empty(a[0]);
    case 'string': return typeof a[0] === 'string' ? a[0] : a[0] instanceof Runtime ? a[0].toString() : typeof a[0] === 'boolean' ? (a[0] ? 'True' : 'False') : JSON.stringify(a[0]);
    case 'int': return Number.parseInt(a[0], 10);
    case 'mul': return a[0] * a[1];
    case 'add': return a[0] + a[1];
    case 'sub': return a[0] - a[1];
    case 'greater': return a[0] > a[1];
    case 'less': return a[0] < a[1];
    case 'greaterorequals': return a[0] >= a[1];
    case 'lessorequals': return a[0] <= a[1];
    case 'length': return typeof a[0] === 'string' || Array.isArray(a[0]) ? a[0].length : Object.keys(a[0]).length;
    case 'range': return Array.from({ length: a[1] }, (_, k) => a[0] + k);
    case 'substring': return a[0].substr(a[1], a[2] ?? a[0].length - a[1]);
    case 'take': return a[0].slice(0, a[1]);
    case 'first': return a[0][0];
    case 'contains': return typeof a[0] === 'string' ? a[0].includes(a[1]) : Array.isArray(a[0]) ? a[0].some((x) => JSON.stringify(x) === JSON.stringify(a[1])) : Object.keys(a[0]).some((k) => k.toLowerCase() === String(a[1]).toLowerCase());
    case 'startswith': return a[0].toLowerCase().startsWith(a[1].toLowerCase());
    case 'endswith': return a[0].toLowerCase().endsWith(a[1].toLowerCase());
    case 'tolower': return a[0].toLowerCase();
    case 'toupper': return a[0].toUpperCase();
    case 'split': return a[0].split(a[1]);
    case 'join': return a[0].join(a[1]);
    case 'uniquestring': return fakeHash(...a.map(text));
    case 'guid': return `guid(${a.map(text).join(',')})`;
    case 'map': return a[0].map((x, k) => call(a[1], x, k));
    case 'filter': return a[0].filter((x, k) => call(a[1], x, k));
    case 'toobject': {
      const o = {};
      for (const x of a[0]) o[call(a[1], x)] = a[2] ? call(a[2], x) : x;
      return o;
    }
    case 'items': return Object.entries(a[0]).map(([key, value]) => ({ key, value }));
  }
  const udf = sc.functions.get(name);
  if (udf) {
    const values = {};
    udf.parameters.forEach((p, k) => { values[p.name] = a[k]; });
    return scope({ ...sc.template, variables: {} }, values).value(udf.output.value);
  }
  throw new Error(`check-template.mjs does not implement the ARM function ${node.name}(); add it`);
}

// ------------------------------------------------------------------------------------------------------------
// The template, evaluated for a scenario (parameter values on top of the template's defaults).
// ------------------------------------------------------------------------------------------------------------

const required = {
  namePrefix: 'mktexport',
  marketoBaseUrl: 'https://123-ABC-456.mktorest.com',
  marketoClientId: 'client-id',
  marketoClientSecret: 'client-secret',
};

function mainScope(overrides = {}) {
  const values = { ...required, ...overrides };
  const sc = scope(main, values);
  for (const [name, p] of Object.entries(main.parameters)) {
    if (!(name in values) && 'defaultValue' in p) values[name] = sc.value(p.defaultValue);
  }
  return sc;
}

// Modules by name: resources is an object keyed by symbolic name (languageVersion 2.0) or an array (1.0).
const modules = Object.fromEntries((Array.isArray(main.resources) ? main.resources.map((r) => [r.name, r]) : Object.entries(main.resources))
  .filter(([, r]) => r.type === 'Microsoft.Resources/deployments'));

// A module's parameter values as main passes them, evaluated in main's scope.
function moduleParameters(sc, moduleName) {
  const out = {};
  for (const [name, p] of Object.entries(modules[moduleName].properties.parameters)) out[name] = sc.value(p.value);
  return out;
}

// The app settings the site gets: the functionApp module's "settings" variable, from what main passes it.
function appSettings(overrides) {
  const sc = mainScope(overrides);
  const module = modules.functionApp.properties.template;
  return { settings: scope(module, moduleParameters(sc, 'functionApp')).variable('settings'), secrets: moduleParameters(sc, 'keyVault').secrets, sc };
}

// ------------------------------------------------------------------------------------------------------------
// Assertions
// ------------------------------------------------------------------------------------------------------------

let failures = 0;
function check(title, body) {
  try {
    const detail = body();
    console.log(`template: ok — ${title}${detail ? ` (${detail})` : ''}`);
  } catch (e) {
    failures++;
    console.error(`template: FAILED — ${title}: ${e instanceof TemplateFailure ? `the template failed: ${e.message}` : e.message}`);
  }
}
function assert(condition, message) { if (!condition) throw new Error(message); }
function resourcesOf(template) { return Array.isArray(template.resources) ? template.resources : Object.values(template.resources ?? {}); }
function siteOf(template) { return resourcesOf(template).find((r) => r.type === 'Microsoft.Web/sites'); }
const fnModule = modules.functionApp.properties.template;

check('maximumInstanceCount defaults to a value every Flex region accepts (>= 40) and cannot be set lower', () => {
  const p = main.parameters.maximumInstanceCount;
  assert(p.defaultValue >= 40, `default is ${p.defaultValue}`);
  assert(p.minValue >= 40, `minValue is ${p.minValue}`);
  assert(fnModule.parameters.maximumInstanceCount.minValue >= 40, 'the functionApp module accepts less than 40');
  assert(modules.functionApp.properties.parameters.maximumInstanceCount.value === "[parameters('maximumInstanceCount')]", 'main does not pass maximumInstanceCount to the app');
  const scale = siteOf(fnModule).properties.functionAppConfig.scaleAndConcurrency;
  assert(scale.maximumInstanceCount === "[parameters('maximumInstanceCount')]", 'the site does not use the parameter');
  return `default ${p.defaultValue}, minValue ${p.minValue}`;
});

check('every role assignment is named from the principal id it grants to', () => {
  const found = [];
  for (const [moduleName, m] of Object.entries(modules)) {
    for (const r of resourcesOf(m.properties.template)) {
      if (r.type !== 'Microsoft.Authorization/roleAssignments') continue;
      const label = `${moduleName}: ${r.name}`;
      assert(r.name.includes("parameters('principalId')"), `${label} is not named from parameters('principalId')`);
      assert(!/identity|userAssignedIdentities/i.test(r.name), `${label} is named from the identity resource`);
      assert(r.properties.principalId === "[parameters('principalId')]", `${label} grants to something other than parameters('principalId')`);
      assert(m.properties.parameters.principalId?.value === "[reference('identity').outputs.principalId.value]",
        `${moduleName} is not given the identity's principal id`);
      found.push(r.copy ? `${moduleName}×${r.copy.count.replace(/\[|\]/g, '')}` : moduleName);
    }
  }
  assert(found.length >= 4, `only ${found.length} role assignments found`);
  return found.join(', ');
});

check('the Key Vault can be recovered from soft delete (createMode) or given another name', () => {
  const vault = resourcesOf(modules.keyVault.properties.template).find((r) => r.type === 'Microsoft.KeyVault/vaults');
  assert(vault.properties.createMode === "[parameters('createMode')]", 'the vault has no createMode from a parameter');
  const p = main.parameters.keyVaultCreateMode;
  assert(p?.allowedValues?.includes('recover') && p.allowedValues.includes('default'), 'keyVaultCreateMode does not offer default and recover');
  assert(p.defaultValue === 'default', 'keyVaultCreateMode does not default to default');
  assert(moduleParameters(mainScope({ keyVaultCreateMode: 'recover' }), 'keyVault').createMode === 'recover', 'recover does not reach the vault');
  assert(modules.keyVault.properties.parameters.name.value === "[parameters('keyVaultName')]", 'the vault name is not the keyVaultName parameter');
  return `keyVaultCreateMode ${p.allowedValues.join('|')}, keyVaultName overridable`;
});

check('marketoClientSecret is a required @secure() parameter', () => {
  const p = main.parameters.marketoClientSecret;
  assert(p.type === 'securestring', `type is ${p.type}`);
  assert(!('defaultValue' in p), 'it has a default');
  assert(p.minLength >= 1, 'it may be empty');
});

// Scenarios: every combination of the switches — each bool parameter true and false, each optional secure string
// empty and given (an empty secret is the case that must never leave a dangling reference).
const scenarios = Object.entries(main.parameters).reduce((acc, [name, p]) => {
  const values = p.type === 'bool' ? [true, false]
    : p.type === 'securestring' && 'defaultValue' in p ? ['', 'https://hooks.example.test/alert?token=t']
    : null;
  return values ? acc.flatMap((s) => values.map((v) => ({ ...s, [name]: v }))) : acc;
}, [{}]);

check('no app setting is a Key Vault reference to a secret the same deployment does not write', () => {
  const seen = [];
  for (const overrides of scenarios) {
    const { settings, secrets } = appSettings(overrides);
    for (const [name, value] of Object.entries(settings)) {
      if (typeof value !== 'string' || !value.trim().startsWith('@Microsoft.KeyVault(')) continue;
      const m = /^@Microsoft\.KeyVault\(SecretUri=<reference\('keyVault'\)\.outputs\.vaultUri\.value>secrets\/([^/)]+)\)$/.exec(value);
      assert(m, `${name} = ${value} is not a versionless reference into this deployment's vault`);
      assert(!empty(secrets[m[1]]), `${name} refers to secret '${m[1]}', which this deployment does not write (${JSON.stringify(overrides)})`);
      seen.push(name);
    }
    assert(settings.Marketo__ClientSecret?.startsWith('@Microsoft.KeyVault('), 'Marketo__ClientSecret is not a Key Vault reference');
    const webhook = 'Export__AlertWebhookUrl' in settings;
    assert(webhook === !empty(overrides.alertWebhookUrl), `Export__AlertWebhookUrl is ${webhook ? 'written' : 'missing'} with alertWebhookUrl ${empty(overrides.alertWebhookUrl) ? 'empty' : 'given'}`);
  }
  return `${scenarios.length} parameter combinations; ${[...new Set(seen)].join(', ')}; Export__AlertWebhookUrl only when alertWebhookUrl is given`;
});

check('enableSchedule writes the timer function\'s Disabled setting', () => {
  const triggers = join(root, 'src/FunctionApp/Triggers');
  let functionName = null;
  for (const file of readdirSync(triggers).filter((f) => f.endsWith('.cs'))) {
    const source = readFileSync(join(triggers, file), 'utf8');
    const m = /\[Function\((?:nameof\((\w+)\)|"(\w+)")\)\][^{]*?\[TimerTrigger\(/s.exec(source);
    if (m) functionName = m[1] ?? m[2];
  }
  assert(functionName, 'no [TimerTrigger] function found in src/FunctionApp/Triggers');
  const setting = `AzureWebJobs.${functionName}.Disabled`;
  assert(appSettings({ enableSchedule: true }).settings[setting] === 'false', `${setting} is not 'false' with enableSchedule=true`);
  assert(appSettings({ enableSchedule: false }).settings[setting] === 'true', `${setting} is not 'true' with enableSchedule=false`);
  assert(main.parameters.enableSchedule.defaultValue === true, 'the schedule is off by default');
  const { settings, sc } = appSettings({});
  assert(settings.Export__Schedule === sc.parameters.exportSchedule, 'Export__Schedule is not the exportSchedule parameter');
  assert(sc.parameters.exportSchedule.trim().split(/\s+/).length === 6, `default exportSchedule '${sc.parameters.exportSchedule}' is not six-field NCRONTAB`);
  return `${setting}; default schedule '${sc.parameters.exportSchedule}' (UTC)`;
});

check('taskHubName, namePrefix, keyVaultName and exportSchedule are validated before anything deploys', () => {
  const hub = main.parameters.taskHubName;
  assert(hub.minLength === 3 && hub.maxLength === 45, 'taskHubName is not limited to 3-45 characters');
  const prefix = main.parameters.namePrefix;
  assert(prefix.minLength >= 3 && prefix.maxLength <= 11, 'namePrefix is not limited to 3-11 characters');
  const refused = (overrides, word) => {
    try {
      moduleParameters(mainScope(overrides), 'identity'); // the first module: nothing deploys before its name is known
    } catch (e) {
      if (e instanceof TemplateFailure && e.message.includes(word)) return;
      throw e;
    }
    throw new Error(`${JSON.stringify(overrides)} is accepted`);
  };
  refused({ taskHubName: 'Marketo-Export' }, 'taskHubName');
  refused({ taskHubName: '1Marketo' }, 'taskHubName');
  refused({ namePrefix: 'MktExport' }, 'namePrefix');
  refused({ namePrefix: 'mkt-exp' }, 'namePrefix');
  refused({ namePrefix: '9mkt' }, 'namePrefix');
  refused({ keyVaultName: 'kv--marketo' }, 'keyVaultName');
  refused({ exportSchedule: '0 2 * * *' }, 'exportSchedule');
  moduleParameters(mainScope({ taskHubName: 'MarketoExport2', namePrefix: 'mkt2026' }), 'identity');
  const { settings, sc } = appSettings({});
  assert(settings.DurableTaskHubName === sc.parameters.taskHubName, 'DurableTaskHubName is not the taskHubName parameter');
  const host = JSON.parse(readFileSync(join(root, 'host.json'), 'utf8'));
  assert(host.extensions.durableTask.hubName === '%DurableTaskHubName%', 'host.json does not read the hub name from DurableTaskHubName');
  return "hyphenated or digit-first hub names, uppercase/hyphenated/digit-first prefixes, '--' in a vault name and 5-field crons are refused";
});

check('no app setting or site property that Flex Consumption rejects or ignores', () => {
  // Functions app settings reference, "Flex Consumption plan deprecations", plus the time zone settings Flex does not support.
  const settingsFlexRejects = ['ENABLE_ORYX_BUILD', 'FUNCTIONS_EXTENSION_VERSION', 'FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_WORKER_RUNTIME_VERSION',
    'FUNCTIONS_MAX_HTTP_CONCURRENCY', 'FUNCTIONS_WORKER_PROCESS_COUNT', 'FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED', 'SCM_DO_BUILD_DURING_DEPLOYMENT',
    'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', 'WEBSITE_CONTENTOVERVNET', 'WEBSITE_CONTENTSHARE', 'WEBSITE_DNS_SERVER',
    'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT', 'WEBSITE_NODE_DEFAULT_VERSION', 'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION',
    'WEBSITE_VNET_ROUTE_ALL', 'WEBSITE_TIME_ZONE', 'TZ', 'WEBSITES_CONTAINER_START_TIME_LIMIT'];
  const sitePropertiesFlexRejects = ['alwaysOn', 'containerSize', 'dnsConfiguration', 'ftpsState', 'isReserved', 'isXenon', 'javaVersion',
    'linuxFxVersion', 'netFrameworkVersion', 'powerShellVersion', 'functionAppScaleLimit', 'preWarmedInstanceCount', 'use32BitWorkerProcess',
    'vnetBackupRestoreEnabled', 'vnetContentShareEnabled', 'vnetImagePullEnabled', 'vnetRouteAllEnabled', 'windowsFxVersion'];
  const names = new Set();
  for (const overrides of scenarios) for (const n of Object.keys(appSettings(overrides).settings)) names.add(n);
  const bad = [...names].filter((n) => settingsFlexRejects.includes(n.toUpperCase()));
  assert(bad.length === 0, `app settings ${bad.join(', ')}`);
  const site = siteOf(fnModule);
  assert(JSON.stringify(site.properties.siteConfig).includes("items(variables('settings'))"),
    'siteConfig.appSettings is not built from the settings variable this script checks');
  const props = [...Object.keys(site.properties), ...Object.keys(site.properties.siteConfig ?? {})];
  const badProps = props.filter((p) => sitePropertiesFlexRejects.includes(p));
  assert(badProps.length === 0, `site properties ${badProps.join(', ')}`);
  assert(site.properties.functionAppConfig?.runtime?.name === 'dotnet-isolated', 'the runtime is not set in functionAppConfig.runtime');
  return `${names.size} settings checked`;
});

check('a download stream ends by its own timeout before host.json functionTimeout, itself within Flex\'s 60-minute scale-in grace', () => {
  const minutes = (t) => { const [h, m, s] = t.split(':').map(Number); return h * 60 + m + s / 60; };
  const host = JSON.parse(readFileSync(join(root, 'host.json'), 'utf8'));
  const timeout = minutes(host.functionTimeout);
  const downloadSetting = appSettings({}).settings.Marketo__FileDownloadTimeout;
  assert(downloadSetting, 'Marketo__FileDownloadTimeout is not set');
  const download = minutes(downloadSetting);
  assert(timeout <= 60, `functionTimeout ${host.functionTimeout} promises more than the 60 minutes Flex grants on scale-in`);
  assert(download < timeout, `Marketo__FileDownloadTimeout is not below functionTimeout ${host.functionTimeout}`);
  return `Marketo__FileDownloadTimeout ${download} min < functionTimeout ${host.functionTimeout}`;
});

if (failures > 0) {
  console.error(`template: ${failures} assertion(s) failed`);
  process.exit(1);
}

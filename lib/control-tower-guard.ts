import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';

/** The plugin's own name: acknowledgements are `cdk-validator-cfnguard::<rule name>`. */
export const CFN_GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

const packageJsonPath = createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json');
const packageDir = dirname(packageJsonPath);
const controlTowerRulesDir = join(packageDir, 'rules', 'control-tower', 'cfn-guard');

export interface GuardRuleFile {
  readonly path: string;
  /** The resource types the rule inspects (empty when the file names none: it then always runs). */
  readonly resourceTypes: readonly string[];
}

const resourceTypePattern = /["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g;

/** Every bundled Control Tower rule file with the resource types it names. */
export function controlTowerRuleFiles(dir = controlTowerRulesDir): GuardRuleFile[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.guard'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const resourceTypes = [...new Set([...readFileSync(path, 'utf8').matchAll(resourceTypePattern)].map((match) => match[1]!))];
      return { path, resourceTypes };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The rules that can say anything about templates holding these resource types. A rule about types the
 * templates lack only reports SKIP, so leaving it out changes no finding; it saves cfn-guard most of its
 * work (about 2 s of CPU per stage instead of 14 s for all 237 rules).
 */
export function rulesFor(resourceTypes: ReadonlySet<string>, rules: readonly GuardRuleFile[]): GuardRuleFile[] {
  return rules.filter((rule) => rule.resourceTypes.length === 0 || rule.resourceTypes.some((type) => resourceTypes.has(type)));
}

function resourceTypesOf(templatePaths: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const path of templatePaths) {
    const template = JSON.parse(readFileSync(path, 'utf8')) as { Resources?: Record<string, { Type?: string }> };
    for (const resource of Object.values(template.Resources ?? {})) if (resource.Type) types.add(resource.Type);
  }
  return types;
}

/**
 * AWS Control Tower's proactive controls, run by the cfn-guard binary that @cdklabs/cdk-validator-cfnguard
 * ships, as a CDK policy validation plugin: synthesis fails on any finding that is not acknowledged
 * (lib/guard-acknowledgements.ts). It delegates to the package's validator, given only the rule files
 * that concern the synthesized resource types.
 */
export class ControlTowerGuard implements IPolicyValidationPluginBeta1 {
  readonly name = CFN_GUARD_PLUGIN_NAME;
  readonly version = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
  private readonly rules = controlTowerRuleFiles();

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const rules = rulesFor(resourceTypesOf(context.templatePaths), this.rules);
    const validator = new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: rules.map((rule) => rule.path),
      // cfn-guard's JSON report grows with the templates (1.7 MB for one region today); Node's default is 1 MB.
      maxBuffer: 256 * 1024 * 1024,
    });
    return validator.validate(context);
  }
}

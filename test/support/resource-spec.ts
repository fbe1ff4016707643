import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';

/**
 * Checks synthesized CloudFormation templates against the CloudFormation resource database CDK is
 * generated from (@aws-cdk/aws-service-spec): resource types, property names, required properties and
 * value kinds (primitive, list, map, object), nested property types included. An intrinsic function
 * (`Ref`, `Fn::*`) is accepted wherever a value goes: its result is only known at deploy time.
 */

export type SpecDatabase = Awaited<ReturnType<typeof loadAwsServiceSpec>>;
const resourceOf = (db: SpecDatabase, type: string) => db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
type SpecResource = NonNullable<ReturnType<typeof resourceOf>>;
type SpecProperty = SpecResource['properties'][string];
type SpecType = SpecProperty['type'];

export interface SpecViolation {
  /** `LogicalId.Properties.Name[0].Nested` */
  readonly path: string;
  readonly problem: string;
}

export interface SpecCheckResult {
  readonly violations: SpecViolation[];
  readonly resources: number;
  readonly resourceTypes: ReadonlySet<string>;
  /** Every property value looked at, nested ones included. */
  readonly valuesChecked: number;
}

interface TemplateLike {
  Resources?: Record<string, { Type?: unknown; Properties?: unknown; [key: string]: unknown }>;
}

/** CloudFormation's resource attributes: anything else beside Type and Properties is a typo. */
const resourceAttributes = new Set(['Type', 'Properties', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'CreationPolicy', 'UpdatePolicy']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIntrinsic = (value: unknown) => {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
};
const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : isObject(value) ? 'an object' : `a ${typeof value}`);
const numeric = (value: unknown) => typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

export function checkTemplate(db: SpecDatabase, template: TemplateLike): SpecCheckResult {
  const violations: SpecViolation[] = [];
  const resourceTypes = new Set<string>();
  let valuesChecked = 0;

  /** Problems of `value` against `type`, as messages relative to `path`; empty when it fits. */
  const problemsOf = (value: unknown, type: SpecType, path: string): SpecViolation[] => {
    valuesChecked++;
    if (isIntrinsic(value)) return [];
    const wrong = (expected: string): SpecViolation[] => [{ path, problem: `expected ${expected}, got ${kindOf(value)}` }];
    switch (type.type) {
      case 'string':
      case 'date-time':
        // CloudFormation turns numbers and booleans into the string it passes on.
        return ['string', 'number', 'boolean'].includes(typeof value) ? [] : wrong('a string');
      case 'number':
      case 'integer':
        return numeric(value) ? [] : wrong(type.type === 'integer' ? 'an integer' : 'a number');
      case 'boolean':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong('a boolean');
      case 'null':
        return value === null ? [] : wrong('null');
      case 'json':
        return [];
      case 'tag':
        if (!isObject(value)) return wrong('a tag { Key, Value }');
        return objectProblems(value, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, path);
      case 'array':
        if (!Array.isArray(value)) return wrong('a list');
        return value.flatMap((element, index) => problemsOf(element, type.element, `${path}[${index}]`));
      case 'map':
        if (!isObject(value)) return wrong('a map');
        return Object.entries(value).flatMap(([key, element]) => problemsOf(element, type.element, `${path}.${key}`));
      case 'ref': {
        const definition = db.get('typeDefinition', type.reference);
        if (!isObject(value)) return wrong(`an object (${definition.name})`);
        return objectProblems(value, definition.properties, path);
      }
      case 'union': {
        const attempts = type.types.map((member) => problemsOf(value, member, path));
        if (attempts.some((problems) => problems.length === 0)) return [];
        return attempts.sort((a, b) => a.length - b.length)[0] ?? [];
      }
    }
  };

  const propertyProblems = (value: unknown, property: SpecProperty, path: string): SpecViolation[] => {
    const problems = problemsOf(value, property.type, path);
    // CDK may still render a property's earlier shape, which CloudFormation keeps accepting.
    if (problems.length === 0 || (property.previousTypes ?? []).some((previous) => problemsOf(value, previous, path).length === 0)) return [];
    return problems;
  };

  const objectProblems = (value: Record<string, unknown>, properties: Record<string, SpecProperty>, path: string): SpecViolation[] => {
    const problems: SpecViolation[] = [];
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && !(name in value)) problems.push({ path: `${path}.${name}`, problem: 'required property missing' });
    }
    for (const [name, element] of Object.entries(value)) {
      const property = properties[name];
      if (!property) problems.push({ path: `${path}.${name}`, problem: 'unknown property' });
      else problems.push(...propertyProblems(element, property, `${path}.${name}`));
    }
    return problems;
  };

  const resources = Object.entries(template.Resources ?? {});
  for (const [logicalId, resource] of resources) {
    const type = String(resource.Type);
    resourceTypes.add(type);
    for (const attribute of Object.keys(resource)) {
      if (!resourceAttributes.has(attribute)) violations.push({ path: `${logicalId}.${attribute}`, problem: 'not a resource attribute' });
    }
    const properties = resource.Properties ?? {};
    if (!isObject(properties)) {
      violations.push({ path: `${logicalId}.Properties`, problem: `expected an object, got ${kindOf(properties)}` });
      continue;
    }
    if (type.startsWith('Custom::')) {
      // A custom resource takes any properties its provider understands; CloudFormation needs ServiceToken.
      if (!('ServiceToken' in properties)) violations.push({ path: `${logicalId}.Properties.ServiceToken`, problem: 'required property missing' });
      continue;
    }
    const spec = resourceOf(db, type);
    if (!spec) {
      violations.push({ path: logicalId, problem: `unknown resource type ${type}` });
      continue;
    }
    violations.push(...objectProblems(properties, spec.properties, `${logicalId}.Properties`));
  }
  return { violations, resources: resources.length, resourceTypes, valuesChecked };
}

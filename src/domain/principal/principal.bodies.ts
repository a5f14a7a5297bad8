// Bodies of statements about principals (principal-<id> streams).
import type { Problem, Result } from '../../errors/problem';
import { validateCapability, type Capability } from '../capability';
import { finish, id, oneOf, optionalText, publicKey, readObject, text, withoutUndefined } from '../shared/body-reader';
import { ROLES, type Role } from '../state/aggregates';

export interface PrincipalRegisteredBody {
  readonly principalId: string;
  readonly kind: 'human' | 'broker';
  readonly name: string;
  readonly publicKey: string;
}

export interface RoleBody {
  readonly principalId: string;
  readonly role: Role;
}

export interface EntitlementGrantedBody {
  readonly principalId: string;
  readonly entitlementId: string;
  readonly capability: Capability;
}

export interface EntitlementRevokedBody {
  readonly principalId: string;
  readonly entitlementId: string;
  readonly reason?: string;
}

export interface PrincipalKeyRotatedBody {
  readonly principalId: string;
  readonly publicKey: string;
}

export interface PrincipalDeactivatedBody {
  readonly principalId: string;
  readonly reason?: string;
}

export function parsePrincipalRegistered(body: unknown): Result<PrincipalRegisteredBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'kind', 'name', 'publicKey']);
  const value = {
    principalId: id(f, 'principalId'),
    kind: oneOf(f, 'kind', ['human', 'broker'] as const),
    name: text(f, 'name', 200),
    publicKey: publicKey(f, 'publicKey'),
  };
  return finish(problems, () => value);
}

export function parseRole(body: unknown): Result<RoleBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'role']);
  const value = { principalId: id(f, 'principalId'), role: oneOf(f, 'role', ROLES) };
  return finish(problems, () => value);
}

export function parseEntitlementGranted(body: unknown): Result<EntitlementGrantedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'entitlementId', 'capability']);
  const principalId = id(f, 'principalId');
  const entitlementId = id(f, 'entitlementId');
  const capability = validateCapability(f.obj.capability, 'body.capability');
  if (!capability.ok) problems.push(...capability.problems);
  return finish(problems, () => ({ principalId, entitlementId, capability: (capability as { value: Capability }).value }));
}

export function parseEntitlementRevoked(body: unknown): Result<EntitlementRevokedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'entitlementId', 'reason']);
  const value = { principalId: id(f, 'principalId'), entitlementId: id(f, 'entitlementId'), reason: optionalText(f, 'reason') };
  return finish(problems, () => withoutUndefined(value));
}

export function parsePrincipalKeyRotated(body: unknown): Result<PrincipalKeyRotatedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'publicKey']);
  const value = { principalId: id(f, 'principalId'), publicKey: publicKey(f, 'publicKey') };
  return finish(problems, () => value);
}

export function parsePrincipalDeactivated(body: unknown): Result<PrincipalDeactivatedBody> {
  const problems: Problem[] = [];
  const f = readObject(body, 'body', problems, ['principalId', 'reason']);
  const value = { principalId: id(f, 'principalId'), reason: optionalText(f, 'reason') };
  return finish(problems, () => withoutUndefined(value));
}

import { ArmError } from '../core/armError';
import { ok } from '../core/arm';
import type { LabRequest, Route } from '../core/router';
import type { ProviderRegistrationState } from '../state';
import { allows, rolePermission, type LabPermission } from './roles';
import { ArmRouteBase, RG, S } from './routeBase';

/**
 * Resource provider registration and role-based access: the Providers and Permissions APIs, and
 * ARM's checks of both before any resource provider sees a request.
 */
export class AccessRoutes extends ArmRouteBase {
  register(): void {
    const st = this.state;

    // Resource providers of the subscription (ARM's Providers API, @azure/arm-resources 7
    // providers.get / providers.register; shapes from azure-rest-api-specs
    // specification/resources/.../stable/2022-09-01/examples/GetProvider.json: id, namespace,
    // registrationState "Registering", registrationPolicy "RegistrationRequired", resourceTypes).
    this.add('resources', 'GET', `${S}/providers/{ns}`, 'providers.get', (q) => {
      this.sub(q);
      return ok(this.provider(this.registration(q.params.ns)));
    });
    this.add('resources', 'POST', `${S}/providers/{ns}/register`, 'providers.register', (q) => {
      this.sub(q);
      const r = this.registration(q.params.ns);
      if (r.state === 'NotRegistered') {
        r.state = 'Registering';
        r.registeredAt = this.clock.now() + this.clock.scaledMs(st.providerRegistrationSeconds);
      }
      return ok(this.provider(r));
    });

    // What the caller may do at a scope (Permissions_ListForResourceGroup and
    // Permissions_ListForResource, azure-rest-api-specs specification/authorization/.../stable/
    // 2022-04-01/authorization-RoleDefinitionsCalls.json: PermissionGetResult { value: Permission[]
    // { actions, notActions, dataActions, notDataActions }, nextLink }), from the caller's role
    // assignments at the scope or above it.
    this.add('authorization', 'GET', `${RG}/providers/Microsoft.Authorization/permissions`, 'permissions.listForResourceGroup', (q) => {
      this.rg(q);
      return ok({ value: this.permissionsAt(q, q.path.replace(/\/providers\/Microsoft\.Authorization\/permissions\/?$/i, '')) });
    });
    this.add('authorization', 'GET', `${RG}/providers/{ns}/{type}/{name}/providers/Microsoft.Authorization/permissions`, 'permissions.listForResource', (q) => {
      this.rg(q);
      return ok({ value: this.permissionsAt(q, q.path.replace(/\/providers\/Microsoft\.Authorization\/permissions\/?$/i, '')) });
    });

    // ARM's own checks before a resource provider sees a request.
    this.router.guard((q, route) => this.armChecks(q, route));
  }

  /** A namespace's registration, Registering turning Registered once its time has come. */
  private registration(namespace: string): ProviderRegistrationState {
    const r = this.state.providerRegistrations.get(namespace.toLowerCase());
    if (!r) {
      // unverified: the code and wording ARM gives for a namespace that does not exist.
      throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
    }
    if (r.state === 'Registering' && r.registeredAt !== undefined && this.clock.now() >= r.registeredAt) {
      r.state = 'Registered';
      delete r.registeredAt;
    }
    return r;
  }

  private provider(r: ProviderRegistrationState): object {
    return {
      id: `/subscriptions/${this.state.subscriptionId}/providers/${r.namespace}`,
      namespace: r.namespace,
      registrationState: r.state,
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: [],
    };
  }

  /** The role permissions of the caller that apply at a scope (assigned there or above). */
  private permissionsOf(q: LabRequest, scope: string): LabPermission[] {
    const who = this.state.principals.get((q.principal?.appid ?? '').toLowerCase());
    if (!who) return [];
    const s = scope.toLowerCase().replace(/\/+$/, '');
    return who.roleAssignments
      .filter((a) => {
        const at = a.scope.toLowerCase().replace(/\/+$/, '');
        return s === at || s.startsWith(`${at}/`);
      })
      .map((a) => rolePermission(a.role));
  }

  private permissionsAt(q: LabRequest, scope: string): object[] {
    return this.permissionsOf(q, scope).map((x) => ({
      actions: [...x.actions],
      notActions: [...x.notActions],
      dataActions: [...x.dataActions],
      notDataActions: [...x.notDataActions],
    }));
  }

  /**
   * Before any resource provider request: the namespace must be registered, and the caller's
   * roles must allow the operation.
   *
   * Registration: "Code: MissingSubscriptionRegistration / Message: The subscription is not
   * registered to use namespace {resource-provider-namespace}" (azure-docs
   * articles/azure-resource-manager/troubleshooting/error-register-resource-provider.md); status
   * 409 and the body `{ error: { code, message: "The subscription is not registered to use
   * namespace 'X'. See https://aka.ms/rps-not-found for how to register subscriptions.",
   * details: [{ code, target: "X", message }] } }` as Azure/azure-service-operator
   * v2/internal/genericarmclient (generic_client_test.go, rpNotRegisteredError) records it for a
   * PUT. That reads (GET) are refused the same way is unverified.
   *
   * Authorization: "Code: AuthorizationFailed / Message: The client '<identifier>' with object id
   * '<identifier>' does not have authorization to perform action '...' over scope ..." (same
   * article), status 403. The lab names the operation from the path as ARM's operation names
   * read (`{namespace}/{type}[/{child type}...]/read|write|delete`, a POST `.../{name}/action`);
   * that this is the name ARM checks is unverified for every operation.
   */
  private armChecks(q: LabRequest, route: Route): void {
    const segs = q.segments;
    if (segs.length < 2 || segs[0].toLowerCase() !== 'subscriptions') return;
    const first = segs.findIndex((x, i) => i > 1 && x.toLowerCase() === 'providers');
    const ns = first > 0 ? segs[first + 1] : undefined;
    const isProvidersApi = route.operation === 'providers.get' || route.operation === 'providers.register';
    const isPermissionsApi = route.family === 'authorization';
    if (ns && !isProvidersApi && !isPermissionsApi) {
      const r = this.state.providerRegistrations.get(ns.toLowerCase());
      if (r && this.registration(r.namespace).state !== 'Registered') {
        const message = `The subscription is not registered to use namespace '${r.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
        throw new ArmError(409, 'MissingSubscriptionRegistration', message, { details: [{ code: 'MissingSubscriptionRegistration', target: r.namespace, message }] });
      }
    }
    if (isPermissionsApi || route.operation === 'providers.get') return;
    const op = this.operationOf(q, route);
    if (!op) return;
    if (!allows(this.permissionsOf(q, op.scope), op.action)) {
      const id = q.principal?.oid ?? q.principal?.appid ?? '';
      throw new ArmError(
        403,
        'AuthorizationFailed',
        `The client '${id}' with object id '${id}' does not have authorization to perform action '${op.action}' over scope '${op.scope}'.`,
      );
    }
  }

  /** The ARM operation a request is, and the scope it is checked at (lab approximation, see armChecks). */
  private operationOf(q: LabRequest, route: Route): { action: string; scope: string } | undefined {
    const segs = q.segments;
    const sub = `/subscriptions/${segs[1]}`;
    if (route.operation === 'providers.register') return { action: `${this.registration(q.params.ns).namespace}/register/action`, scope: sub };
    const last = segs.map((x) => x.toLowerCase()).lastIndexOf('providers');
    const verb = (rest: string[], method: string): { types: string[]; suffix: string } => {
      if (method === 'POST') return { types: rest.slice(0, -1).filter((_, i) => i % 2 === 0), suffix: `${rest[rest.length - 1]}/action` };
      const v = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
      return { types: rest.filter((_, i) => i % 2 === 0), suffix: v };
    };
    const scopePath = (): string => {
      const path = `/${segs.join('/')}`;
      return q.method === 'POST' ? path.slice(0, path.lastIndexOf('/')) : path;
    };
    if (last > 1 && last + 1 < segs.length) {
      const ns = segs[last + 1];
      const { types, suffix } = verb(segs.slice(last + 2), q.method);
      return { action: [ns, ...types, suffix].join('/'), scope: scopePath() };
    }
    if (segs.length >= 4 && segs[2].toLowerCase() === 'resourcegroups') {
      return {
        action: `Microsoft.Resources/subscriptions/resourceGroups/${q.method === 'GET' || q.method === 'HEAD' ? 'read' : q.method === 'DELETE' ? 'delete' : 'write'}`,
        scope: `${sub}/resourceGroups/${segs[3]}`,
      };
    }
    return undefined;
  }
}

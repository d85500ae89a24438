/** An error the lab answers in ARM's shape: `{ "error": { "code", "message", ... } }`. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      target?: string | undefined;
      possibleCauses?: string | undefined;
      recommendedAction?: string | undefined;
      headers?: Record<string, string> | undefined;
      /** ARM's own `details` (e.g. MissingSubscriptionRegistration's `{ code, target, message }`). */
      details?: Record<string, unknown>[] | undefined;
    } = {},
  ) {
    super(message);
  }

  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.extra.target !== undefined) error.target = this.extra.target;
    if (this.extra.details !== undefined) error.details = this.extra.details;
    if (this.extra.possibleCauses !== undefined || this.extra.recommendedAction !== undefined) {
      // ASR puts its cause and recommended action beside the code, and repeats them in details.
      error.possibleCauses = this.extra.possibleCauses ?? '';
      error.recommendedAction = this.extra.recommendedAction ?? '';
      error.details = [
        {
          code: this.code,
          message: this.message,
          possibleCauses: this.extra.possibleCauses ?? '',
          recommendedAction: this.extra.recommendedAction ?? '',
        },
      ];
    }
    return { error };
  }
}

export function notFound(resourceType: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup ? ` under resource group '${resourceGroup}'` : '';
  return new ArmError(404, 'ResourceNotFound', `The Resource '${resourceType}/${name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, { target });
}

/** A required body field is missing or has the wrong type: 400 naming the field. */
export function invalidField(target: string, message: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, { target });
}

/** An action the item's state does not allow: 409 with ASR's cause and recommended action. */
export function conflict(code: string, message: string, possibleCauses: string, recommendedAction: string): ArmError {
  return new ArmError(409, code, message, { possibleCauses, recommendedAction });
}

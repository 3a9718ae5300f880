import { registerDecorator, validate, type ValidationError, type ValidationOptions } from 'class-validator'
import { getNamedType, type GraphQLResolveInfo } from 'graphql'
import { getMetadataStorage, type ValidatorFn } from 'type-graphql'
import { badInput } from '../errors'

/**
 * A free-text field: at most `max` characters, and at least `min` besides surrounding spaces.
 * The message states the limit; the field's path is added when the input is refused.
 */
export function Tekst(max: number, min = 0, options: ValidationOptions = {}) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'tekst',
      target: target.constructor,
      propertyName: property,
      constraints: [min, max],
      options: {
        message: min > 0 ? `${min} tot ${max} tekens` : `ten hoogste ${max} tekens`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= max && value.trim().length >= min,
      },
    })
}

/** The first refused field, as a path from the validated object, with its message. */
function firstError(error: ValidationError, pad: string[] = []): { pad: string[]; melding: string } {
  const hier = [...pad, error.property]
  const melding = error.constraints && Object.values(error.constraints)[0]
  if (melding) return { pad: hier, melding }
  return firstError(error.children![0], hier)
}

/**
 * The GraphQL argument an input object came in, for the path in the error. An @ArgsType's fields
 * are the arguments themselves, so they need no prefix.
 */
function argumentOf(type: unknown, info: GraphQLResolveInfo): string | undefined {
  const input = getMetadataStorage().inputTypes.find((t) => t.target === type)
  if (!input) return undefined
  return info.parentType
    .getFields()
    [info.fieldName]?.args.find((a) => getNamedType(a.type).name === input.name)?.name
}

/**
 * type-graphql's `validateFn`: checks every input object and args object with its class-validator
 * decorators, and refuses the first field that breaks one with BAD_USER_INPUT, naming the field's
 * path and the limit: `invoer.resultaten.0.omschrijving: 15 tot 1000 tekens.` Scalar arguments
 * pass through: a limit on one belongs in an @ArgsType.
 */
export const validateArguments: ValidatorFn = async (waarde, type, { info }) => {
  if (waarde === null || typeof waarde !== 'object') return
  const argument = argumentOf(type, info)
  const lijst = Array.isArray(waarde)
  for (const [i, item] of (lijst ? waarde : [waarde]).entries()) {
    if (item === null || typeof item !== 'object') continue
    const [fout] = await validate(item as object, {
      skipMissingProperties: true,
      forbidUnknownValues: false,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
    })
    if (!fout) continue
    const { pad, melding } = firstError(fout)
    const veld = [argument, lijst ? String(i) : undefined, ...pad].filter((p) => p !== undefined).join('.')
    throw badInput(`${veld}: ${melding}.`, veld)
  }
}

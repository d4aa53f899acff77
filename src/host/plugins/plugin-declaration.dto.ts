import { PLUGIN_NAME_PATTERN } from '../../sdk/index.js';
import { ArrayNotEmpty, IsArray, IsOptional, Matches, ValidateBy } from 'class-validator';

const IsClass = (each = false) =>
  ValidateBy(
    { name: 'isClass', validator: { validate: (value: unknown) => typeof value === 'function' } },
    { each, message: '$property must list classes' },
  );

/** The shape `@Plugin({...})` options must have; checked before anything is registered. */
export class PluginDeclarationDto {
  @Matches(PLUGIN_NAME_PATTERN, {
    message: 'name must be lowercase letters, digits and "_", starting with a letter',
  })
  public name!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsClass(true)
  public handlers!: unknown[];

  @IsOptional()
  @IsArray()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    each: true,
    message: 'secrets must be names of letters, digits, ".", "_" or "-"',
  })
  public secrets?: string[];

  @IsOptional()
  @IsArray()
  public imports?: unknown[];

  @IsOptional()
  @IsArray()
  public providers?: unknown[];
}

/** Secrets a handler can read: only those its plugin declared. Unset ones are absent. */
export type Secrets = Readonly<Record<string, string | undefined>>;

/** Facts about the installation: `CUSTOMER_IDENTIFIER` and `INSTALLATION_TIME_ZONE`. */
export type Environment = Readonly<Record<string, string>>;

/**
 * What every handler has. A handler instance is created for one request or one connection
 * attempt, through Nest's injector, so its constructor may inject the plugin module's providers.
 * The host sets `secrets` and `environment` after construction. Mark a handler that injects
 * anything with `@Injectable()`, so that TypeScript records its constructor's parameter types.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class Appointments extends SimpleAPI {
 *   constructor(private readonly calendar: CalendarService) {
 *     super();
 *   }
 * }
 * ```
 */
export abstract class BaseHandler {
  /** The plugin's declared secrets, read from the environment or the plugin's secrets file. */
  public secrets: Secrets = {};
  /** Installation facts, see {@link Environment}. */
  public environment: Environment = {};
}

import {
  BearerCredentials,
  JSONResponse,
  type RouteResult,
  SimpleAPI,
  api,
  constantTimeEquals,
} from '../../sdk/index.js';

/** Reads urlencoded and multipart forms, files included; bearer token required. */
export class FormsApi extends SimpleAPI {
  public static override CREDENTIALS = BearerCredentials;

  public override authenticate(credentials: BearerCredentials): boolean {
    return constantTimeEquals(credentials.token, this.secrets['bearer-token'] ?? '');
  }

  @api.post('/forms')
  public async summarize(): Promise<RouteResult> {
    const form = await this.request.formData();
    const parts = form.multiItems().map(([name, part]) =>
      part.isFile()
        ? {
            name,
            filename: part.filename,
            contentType: part.contentType,
            size: part.content.length,
          }
        : { name, value: part.value },
    );
    return [new JSONResponse({ parts })];
  }
}

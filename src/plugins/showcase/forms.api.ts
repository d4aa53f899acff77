import { JSONResponse, type RouteResult, api } from '../../sdk/index.js';
import { BearerSecretApi } from './auth.api.js';

/** Reads urlencoded and multipart forms, files included; bearer token required. */
export class FormsApi extends BearerSecretApi {
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

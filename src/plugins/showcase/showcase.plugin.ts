import { Plugin } from '../../sdk/index.js';
import { BasicApi, BearerApi, ItemsApi, PatientApi, StaffApi } from './auth.api.js';
import { ClockService } from './clock.service.js';
import { EchoApi } from './echo.api.js';
import { FormsApi } from './forms.api.js';
import { PingRoute } from './ping.route.js';
import { ResponsesRoute } from './responses.route.js';
import { ShowcaseSocket } from './showcase.socket.js';

/** Every HTTP feature of the SDK in one plugin: a reference to copy from. */
@Plugin({
  name: 'showcase',
  handlers: [
    PingRoute,
    EchoApi,
    BasicApi,
    ItemsApi,
    BearerApi,
    StaffApi,
    PatientApi,
    FormsApi,
    ResponsesRoute,
    ShowcaseSocket,
  ],
  secrets: [
    'simpleapi-basic-username',
    'simpleapi-basic-password',
    'simpleapi-api-key',
    'bearer-token',
  ],
  providers: [ClockService],
})
export class ShowcasePlugin {}

import type { RequestHandler } from './$types';
import { jsonResponse } from '#lib/server/api/http.ts';
import { openApiDocument } from '#lib/server/api/openapi.ts';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the zod schemas. */
export const GET: RequestHandler = ({ request, url }) => jsonResponse(request, openApiDocument(url.origin));

// GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API (public: documentation).
import { openApiDocument } from '../../../../lib/openapi.ts';

export function GET() {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}

import type { JsonSchema } from '../json-schema';
import { IDENTITY_SCHEMAS } from './identity.schemas';
import { PROJECTS_SCHEMAS } from './projects.schemas';
import { list, message, str } from './schema-builders';

const COMMON_SCHEMAS: Record<string, JsonSchema> = {
  ErrorBody: message(
    'Every error: the OCI error body.',
    {
      errors: list(
        message(
          'One error.',
          {
            code: str(
              'UNAUTHORIZED (401), DENIED (403), NOT_FOUND (404), ALREADY_EXISTS or CONFLICT (409), INVALID_ARGUMENT (400), TOOMANYREQUESTS (429), UNAVAILABLE (503), …',
            ),
            message: str(),
            detail: { description: 'Structured context, e.g. {"field": "subject.kind"}' },
          },
          ['code', 'message'],
        ),
      ),
    },
    ['errors'],
  ),
  OpenApiDocument: { type: 'object', description: 'An OpenAPI 3.1 document (this one).' },
};

/** Every schema of the management API, by name (`#/components/schemas/<name>`). */
export const API_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  ...COMMON_SCHEMAS,
  ...IDENTITY_SCHEMAS,
  ...PROJECTS_SCHEMAS,
};

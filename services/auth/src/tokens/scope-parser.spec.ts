import { MAX_REQUESTED_RESOURCES, parseScopes } from './scope-parser';

describe('parseScopes', () => {
  it('parses repository scopes with their actions in canonical order', () => {
    expect(parseScopes(['repository:ns/app:push,pull'])).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
    ]);
  });

  it('expands * on a repository to pull, push and delete', () => {
    expect(parseScopes(['repository:ns/app:*'])).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push', 'delete'] },
    ]);
  });

  it('parses the catalog scope', () => {
    expect(parseScopes(['registry:catalog:*'])).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('reads several space-separated scopes in one string and several strings', () => {
    expect(parseScopes(['repository:ns/a:pull repository:ns/b:push', '  registry:catalog:*  '])).toEqual([
      { type: 'repository', name: 'ns/a', actions: ['pull'] },
      { type: 'repository', name: 'ns/b', actions: ['push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('merges the same resource asked twice', () => {
    expect(
      parseScopes(['repository:ns/app:pull', 'repository:ns/app:delete', 'repository:ns/app:pull']),
    ).toEqual([{ type: 'repository', name: 'ns/app', actions: ['pull', 'delete'] }]);
  });

  it('accepts and drops a resource class', () => {
    expect(parseScopes(['repository(plugin):ns/app:pull'])).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull'] },
    ]);
  });

  it('keeps known actions and ignores unknown ones', () => {
    expect(parseScopes(['repository:ns/app:pull,fly,,push'])).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
    ]);
  });

  it.each([
    ['no fields', 'repository'],
    ['two fields', 'repository:ns/app'],
    ['empty type', ':ns/app:pull'],
    ['unknown type', 'image:ns/app:pull'],
    ['uppercase name', 'repository:NS/App:pull'],
    ['one-component name', 'repository:app:pull'],
    ['host:port in the name', 'repository:localhost:5000/ns/app:pull'],
    ['no known action', 'repository:ns/app:fly'],
    ['no actions', 'repository:ns/app:'],
    ['catalog without *', 'registry:catalog:pull'],
    ['registry resource other than catalog', 'registry:other:*'],
    ['bad class', 'repository(Plug-in):ns/app:pull'],
  ])('ignores a malformed scope (%s) without failing', (_why, scope) => {
    expect(parseScopes([scope, 'repository:ns/ok:pull'])).toEqual([
      { type: 'repository', name: 'ns/ok', actions: ['pull'] },
    ]);
  });

  it('returns nothing for no scopes', () => {
    expect(parseScopes([])).toEqual([]);
    expect(parseScopes(['', '   '])).toEqual([]);
  });

  it('caps the number of distinct resources', () => {
    const many = Array.from({ length: MAX_REQUESTED_RESOURCES + 10 }, (_, i) => `repository:ns/app${i}:pull`);
    const parsed = parseScopes(many);
    expect(parsed).toHaveLength(MAX_REQUESTED_RESOURCES);
    expect(parsed[0].name).toBe('ns/app0');
  });
});

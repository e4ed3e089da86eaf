import { ErrorCode } from '@berth/errors';
import { isProjectName, projectOfRepository, validateProjectName } from './project-name';

describe('project names', () => {
  it.each(['ab', 'team-a', 'team--a', 'team.a', 'team_a', 'team__a', 'a1', '0x', 'a'.repeat(63)])(
    'accepts %s',
    (name) => {
      expect(isProjectName(name)).toBe(true);
      expect(() => validateProjectName(name)).not.toThrow();
    },
  );

  it.each([
    'a',
    'a'.repeat(64),
    'Team',
    '-team',
    'team-',
    'team___a',
    'team._a',
    'te am',
    'team/a',
    'team:a',
    'team+a',
    '',
  ])('rejects %j with INVALID_ARGUMENT', (name) => {
    expect(isProjectName(name)).toBe(false);
    expect(() => validateProjectName(name)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
  });

  it('says why a name is rejected', () => {
    expect(() => validateProjectName('a')).toThrow('must be 2 to 63 characters long');
    expect(() => validateProjectName('Team')).toThrow('use lowercase letters and digits');
  });

  it('finds the project of a repository', () => {
    expect(projectOfRepository('team/app')).toBe('team');
    expect(projectOfRepository('team/sub/app')).toBe('team');
    expect(projectOfRepository('team')).toBe('team');
  });
});

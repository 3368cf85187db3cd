import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { VersionStatus } from '../../../../shared/constants';
import type { AuditEvent } from '../../../../shared/contracts/versions';
import { useT } from '../../hooks/useT';
import { formatDateTime } from '../../utils/format';
import { StatusBadge } from '../StatusBadge';

const Item = styled.li`
  position: relative;
  padding: 0 0 ${({ theme }) => theme.spaces[5]} ${({ theme }) => theme.spaces[6]};
  border-left: 2px solid ${({ theme }) => theme.colors.neutral200};
  &:last-child {
    border-left-color: transparent;
  }
  &::before {
    content: '';
    position: absolute;
    left: -7px;
    top: 2px;
    width: 12px;
    height: 12px;
    border-radius: 50%;
    background: ${({ theme }) => theme.colors.primary600};
    border: 2px solid ${({ theme }) => theme.colors.neutral0};
  }
`;

const isStatus = (s: string | null): s is VersionStatus => !!s;

/** Every transition, newest first: what, which version, from and to, who, when and why. */
export const AuditTimeline = ({ events }: { events: AuditEvent[] }) => {
  const t = useT();
  const intl = useIntl();
  if (events.length === 0)
    return <Typography textColor="neutral600">{t('audit.empty')}</Typography>;
  return (
    <Box tag="ol" paddingLeft={2} style={{ listStyle: 'none' }} data-testid="audit-timeline">
      {events.map((event, i) => (
        <Item key={`${event.at}-${i}`}>
          <Flex gap={2} wrap="wrap">
            <Typography fontWeight="bold">{t('audit.action', { action: event.action })}</Typography>
            {event.versionNumber !== null && (
              <Badge>{t('versions.number', { number: event.versionNumber })}</Badge>
            )}
            {isStatus(event.fromStatus) && <StatusBadge status={event.fromStatus} />}
            {event.fromStatus && event.toStatus && (
              <Typography textColor="neutral500">→</Typography>
            )}
            {isStatus(event.toStatus) && <StatusBadge status={event.toStatus} />}
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {t('audit.byAt', {
              who: event.actor?.name ?? t('audit.unknownActor'),
              at: formatDateTime(intl, event.at),
            })}
          </Typography>
          {event.comment && (
            <Box paddingTop={1}>
              <Typography variant="omega" textColor="neutral800" style={{ fontStyle: 'italic' }}>
                “{event.comment}”
              </Typography>
            </Box>
          )}
        </Item>
      ))}
    </Box>
  );
};

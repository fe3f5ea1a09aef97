import { Button, Menu, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createLink, useRouter } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';
import type { TSession } from '../lib/session';
import { endSession } from './end-session';

/** A menu item that is a router link (typed `to`, preloaded on hover like the other links). */
const MenuItemLink = createLink((props: ComponentPropsWithRef<'a'>) => (
  <Menu.Item component="a" {...props} />
));

/** The button that opens the account menu: the signed-in person's name, shortened to fit a phone. */
export function AccountButton({
  session,
  ...props
}: { session: TSession } & ComponentPropsWithRef<'button'>) {
  const { username, role } = session.user;
  return (
    <Button
      variant="default"
      size="xs"
      aria-label={`Account: ${username} (${role})`}
      data-testid="account-menu"
      maw={{ base: 160, sm: 320 }}
      {...props}
    >
      <Text span size="xs" fw={600} truncate="end" data-testid="signed-in-as">
        {username}
      </Text>
      <Text span size="xs" c="dimmed" ml={4} visibleFrom="xs">
        ({role})
      </Text>
    </Button>
  );
}

/**
 * The account menu of every role: who is signed in, changing the password, signing out. Its own chunk
 * (a menu brings Popover and floating-ui), loaded once someone is signed in; the sign-in page never needs
 * it.
 */
export function AccountMenu({ session }: { session: TSession }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { username, role } = session.user;
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <AccountButton session={session} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label className="wrap-anywhere">
          Signed in as {username} ({role})
        </Menu.Label>
        <MenuItemLink to="/account/password">Change password</MenuItemLink>
        <Menu.Divider />
        <Menu.Item onClick={() => endSession(router, queryClient, 'signed-out')}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

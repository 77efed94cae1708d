import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/** A button that asks before it acts: regenerate a token, revoke, delete. */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  danger = true,
  isDisabled,
}: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  isDisabled?: boolean;
}) {
  return (
    <DialogTrigger>
      <Button className={danger ? 'react-aria-Button danger' : 'react-aria-Button'} isDisabled={isDisabled ?? false}>
        {label}
      </Button>
      <ModalOverlay isDismissable>
        <Modal>
          <Dialog role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                <div>{children}</div>
                <div className="actions">
                  <Button
                    className={danger ? 'react-aria-Button primary danger-fill' : 'react-aria-Button primary'}
                    onPress={() => {
                      close();
                      void onConfirm();
                    }}
                  >
                    {confirmLabel}
                  </Button>
                  <Button onPress={close}>Cancel</Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

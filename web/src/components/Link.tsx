import type { ComponentChildren, JSX } from "preact";
import { isPlainClick, navigate } from "../lib/router";

type Props = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, "href"> & { href: string; children: ComponentChildren };

/** An anchor that moves within the app without reloading the page. */
export function Link({ href, children, ...rest }: Props) {
  const onClick = (event: MouseEvent) => {
    const anchor = event.currentTarget as HTMLAnchorElement;
    if (!isPlainClick(event, anchor)) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

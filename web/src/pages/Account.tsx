import { PageHeading } from "../components/PageHeading";
import type { UserPublic } from "../lib/types";
import { DeleteAccount } from "./account/DeleteAccount";
import { Password } from "./account/Password";
import { Profile, Verification } from "./account/Profile";
import { Sessions } from "./account/Sessions";
import { TwoFactor } from "./account/TwoFactor";

export function Account({ user }: { user: UserPublic }) {
  return (
    <div class="account-page">
      <PageHeading title="Account" />
      <Verification user={user} />
      <div class="columns">
        <Profile user={user} />
        <Password user={user} />
      </div>
      <TwoFactor user={user} />
      <Sessions />
      <DeleteAccount user={user} />
    </div>
  );
}

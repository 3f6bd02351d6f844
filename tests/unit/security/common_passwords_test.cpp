#include "security/common_passwords.hpp"

#include <gtest/gtest.h>

namespace tessera::security {
namespace {

TEST(CommonPasswords, TheMostCommonAreRefused) {
  EXPECT_TRUE(is_common_password("password"));
  EXPECT_TRUE(is_common_password("123456789"));
  EXPECT_TRUE(is_common_password("qwertyuiop"));
}

TEST(CommonPasswords, CaseDoesNotHideAnEntry) {
  EXPECT_TRUE(is_common_password("PassWord"));
  EXPECT_TRUE(is_common_password("PASSWORD"));
  EXPECT_TRUE(is_common_password("QwertyUIOP"));
}

TEST(CommonPasswords, UncommonPasswordsPass) {
  EXPECT_FALSE(is_common_password("k7#Vq2!mZp9@Lx4$Rw8e"));
  EXPECT_FALSE(is_common_password("correct horse battery staple"));
  EXPECT_FALSE(is_common_password(""));
}

TEST(CommonPasswords, OnlyWholeEntriesMatch) {
  EXPECT_FALSE(is_common_password("password "));
  EXPECT_FALSE(is_common_password("xpassword"));
  EXPECT_FALSE(is_common_password("password1234567890"));
}

TEST(CommonPasswords, TheListHasTenThousandEntriesLessCaseDuplicates) {
  EXPECT_GE(common_password_count(), 9900u);
  EXPECT_LE(common_password_count(), 10000u);
}

}  // namespace
}  // namespace tessera::security

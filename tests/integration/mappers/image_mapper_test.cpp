#include "mappers/image_mapper.hpp"

#include <gtest/gtest.h>

#include "db/transaction.hpp"
#include "mappers/mapper_test_support.hpp"
#include "mappers/sql.hpp"

namespace tessera::mappers {
namespace {

namespace asio = boost::asio;
using domain::ImageStatus;
using testing::MapperTest;
using testing::variant;

std::vector<std::string> names_of(const std::vector<domain::ImageVariant>& variants) {
  std::vector<std::string> names;
  for (const auto& v : variants) names.push_back(v.name);
  return names;
}

std::vector<core::Uuid> ids_of(const std::vector<domain::Image>& images) {
  std::vector<core::Uuid> ids;
  for (const auto& image : images) ids.push_back(image.id);
  return ids;
}

class ImageMapperTest : public MapperTest {
 protected:
  void SetUp() override {
    MapperTest::SetUp();
    alice = add_user("alice@example.com");
    bob = add_user("bob@example.com");
  }
  domain::Page<domain::Image> page(core::Uuid owner, std::int64_t skip, std::int64_t limit) {
    return in_transaction(
        [&](db::Transaction& tx) { return images.page_by_owner(tx, owner, skip, limit); });
  }
  std::optional<domain::Image> erase(core::Uuid id, core::Uuid owner) {
    return in_transaction([&](db::Transaction& tx) { return images.erase(tx, id, owner); });
  }
  domain::User alice, bob;
};

TEST_F(ImageMapperTest, InsertReturnsThePendingImageWithItsGeneratedIdAndTimestamps) {
  const auto image = add_image(alice.id);
  EXPECT_FALSE(image.id.is_nil());
  EXPECT_EQ(image.owner_id, alice.id);
  EXPECT_EQ(image.original_filename, "holiday.jpg");
  EXPECT_EQ(image.content_type, "image/jpeg");
  EXPECT_EQ(image.size_bytes, 123456);
  EXPECT_EQ(image.width, 4000);
  EXPECT_EQ(image.height, 3000);
  EXPECT_EQ(image.status, ImageStatus::pending);
  EXPECT_FALSE(image.error);
  EXPECT_TRUE(image.task_id);
  EXPECT_TRUE(image.storage_key.starts_with("originals/"));
  EXPECT_EQ(image.created_at, image.updated_at);
  EXPECT_TRUE(image.variants.empty());

  const auto found = run(images.find_by_id(pool, image.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->task_id, image.task_id);
  EXPECT_EQ(found->storage_key, image.storage_key);
}

TEST_F(ImageMapperTest, ImagesAreLoadedWithTheirVariantsSmallestFirst) {
  const auto image =
      add_image(alice.id, {variant("large", 1280), variant("thumb", 160), variant("medium", 640)});
  const std::vector<std::string> expected{"thumb", "medium", "large"};
  EXPECT_EQ(names_of(image.variants), expected);

  const auto found = run(images.find_by_id(pool, image.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(names_of(found->variants), expected);
  EXPECT_EQ(found->variants[0].width, 160);
  EXPECT_EQ(found->variants[0].height, 120);
  EXPECT_EQ(found->variants[0].format, "webp");
  EXPECT_EQ(found->variants[0].size_bytes, 1600);
  EXPECT_EQ(found->variants[0].storage_key, image.variants[0].storage_key);
  EXPECT_EQ(names_of(run(images.variants(pool, image.id))), expected);
}

TEST_F(ImageMapperTest, AnotherOwnersImageIsNotFoundByIdAndOwner) {
  const auto image = add_image(alice.id, {variant("thumb", 160)});
  const auto mine = run(images.find_by_id_and_owner(pool, image.id, alice.id));
  ASSERT_TRUE(mine);
  EXPECT_EQ(names_of(mine->variants), std::vector<std::string>{"thumb"});
  EXPECT_FALSE(run(images.find_by_id_and_owner(pool, image.id, bob.id)));
  EXPECT_FALSE(run(images.find_by_id_and_owner(pool, core::Uuid::random(), alice.id)));
  EXPECT_FALSE(run(images.find_by_id(pool, core::Uuid::random())));
}

TEST_F(ImageMapperTest, PageByOwnerIsNewestFirstWithTheOwnersTotalAndEachImagesVariants) {
  const auto first = add_image(alice.id, {variant("thumb", 160)});
  const auto second = add_image(alice.id);
  const auto third = add_image(alice.id, {variant("thumb", 160), variant("large", 1280)});
  add_image(bob.id, {variant("thumb", 160)});

  const auto first_page = page(alice.id, 0, 2);
  EXPECT_EQ(first_page.total, 3);
  EXPECT_EQ(ids_of(first_page.items), (std::vector{third.id, second.id}));
  EXPECT_EQ(names_of(first_page.items[0].variants), (std::vector<std::string>{"thumb", "large"}));
  EXPECT_EQ(first_page.items[0].variants[0].storage_key, third.variants[0].storage_key);
  EXPECT_TRUE(first_page.items[1].variants.empty());

  const auto last = page(alice.id, 2, 2);
  EXPECT_EQ(last.total, 3);
  EXPECT_EQ(ids_of(last.items), std::vector{first.id});
  EXPECT_EQ(last.items[0].variants.size(), 1u);

  const auto beyond = page(alice.id, 3, 2);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 3);

  const auto nobody = page(core::Uuid::random(), 0, 10);
  EXPECT_TRUE(nobody.items.empty());
  EXPECT_EQ(nobody.total, 0);
}

TEST_F(ImageMapperTest, UpdateStoresEveryStatusAndTheError) {
  const auto image = add_image(alice.id);
  for (const auto status : {ImageStatus::processing, ImageStatus::ready, ImageStatus::pending}) {
    EXPECT_TRUE(run(images.update(pool, image.id, {.status = status, .error = std::nullopt})));
    const auto found = run(images.find_by_id(pool, image.id));
    EXPECT_EQ(found->status, status) << domain::to_string(status);
    EXPECT_FALSE(found->error);
  }

  const domain::ImagePatch failure{.status = ImageStatus::failed,
                                   .error = std::optional<std::string>("not an image")};
  EXPECT_TRUE(run(images.update(pool, image.id, failure)));
  const auto failed = run(images.find_by_id(pool, image.id));
  EXPECT_EQ(failed->status, ImageStatus::failed);
  EXPECT_EQ(failed->error, "not an image");
  EXPECT_GT(failed->updated_at, image.updated_at);
  EXPECT_EQ(failed->created_at, image.created_at);

  EXPECT_FALSE(run(images.update(pool, core::Uuid::random(), {.status = ImageStatus::ready})));
}

TEST_F(ImageMapperTest, UpdateWritesOnlyTheFieldsItIsGiven) {
  const auto image = add_image(alice.id);
  const domain::ImagePatch failure{.status = ImageStatus::failed,
                                   .error = std::optional<std::string>("too dark")};
  ASSERT_TRUE(run(images.update(pool, image.id, failure)));
  // A status alone leaves the error as it is.
  ASSERT_TRUE(run(images.update(pool, image.id, {.status = ImageStatus::processing})));
  const auto found = run(images.find_by_id(pool, image.id));
  EXPECT_EQ(found->status, ImageStatus::processing);
  EXPECT_EQ(found->error, "too dark");
}

TEST_F(ImageMapperTest, ReplaceVariantsInATransactionSwapsTheWholeSet) {
  const auto image = add_image(alice.id, {variant("thumb", 100), variant("old", 50)});
  const std::vector<domain::ImageVariant> fresh{variant("large", 1280), variant("thumb", 160)};
  run([&]() -> asio::awaitable<void> {
    auto tx = co_await pool.begin();
    co_await images.replace_variants(tx, image.id, fresh);
    co_await tx.commit();
  }());
  const auto stored = run(images.variants(pool, image.id));
  EXPECT_EQ(names_of(stored), (std::vector<std::string>{"thumb", "large"}));
  EXPECT_EQ(stored[0].width, 160);

  // Processing again writes the same variants: the same keys are accepted.
  in_transaction([&](db::Transaction& tx) { return images.replace_variants(tx, image.id, fresh); });
  EXPECT_EQ(run(images.variants(pool, image.id)).size(), 2u);
}

TEST_F(ImageMapperTest, EraseReturnsTheImageWithItsVariantsForTheirFiles) {
  const auto image = add_image(alice.id, {variant("thumb", 160), variant("large", 1280)});
  EXPECT_FALSE(erase(image.id, bob.id));  // not bob's
  const auto erased = erase(image.id, alice.id);
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->id, image.id);
  EXPECT_EQ(erased->storage_key, image.storage_key);
  ASSERT_EQ(erased->variants.size(), 2u);
  EXPECT_EQ(erased->variants[0].storage_key, image.variants[0].storage_key);
  EXPECT_EQ(erased->variants[1].storage_key, image.variants[1].storage_key);

  EXPECT_FALSE(run(images.find_by_id(pool, image.id)));
  EXPECT_TRUE(run(images.variants(pool, image.id)).empty());
  EXPECT_FALSE(erase(image.id, alice.id));
}

TEST_F(ImageMapperTest, EraseByOwnerReturnsEveryImageOfTheOwnerAndOnlyThose) {
  const auto a1 = add_image(alice.id, {variant("thumb", 160)});
  const auto a2 = add_image(alice.id, {variant("thumb", 160), variant("large", 1280)});
  const auto b1 = add_image(bob.id, {variant("thumb", 160)});

  auto erased =
      in_transaction([&](db::Transaction& tx) { return images.erase_by_owner(tx, alice.id); });
  ASSERT_EQ(erased.size(), 2u);
  std::sort(erased.begin(), erased.end(),
            [](const auto& x, const auto& y) { return x.variants.size() < y.variants.size(); });
  EXPECT_EQ(erased[0].id, a1.id);
  EXPECT_EQ(erased[1].id, a2.id);
  EXPECT_EQ(names_of(erased[1].variants), (std::vector<std::string>{"thumb", "large"}));

  EXPECT_EQ(page(alice.id, 0, 10).total, 0);
  const auto kept = run(images.find_by_id(pool, b1.id));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->variants.size(), 1u);
}

TEST_F(ImageMapperTest, ErasingTheOwnerErasesItsImagesAndTheirVariants) {
  const auto image = add_image(alice.id, {variant("thumb", 160)});
  const auto others = add_image(bob.id, {variant("thumb", 160)});
  EXPECT_TRUE(run(users.erase(pool, alice.id)));
  EXPECT_FALSE(run(images.find_by_id(pool, image.id)));
  EXPECT_TRUE(run(images.variants(pool, image.id)).empty());
  EXPECT_TRUE(run(images.find_by_id(pool, others.id)));
}

// The column holds these names (db::to_param and db::decode_text of described enums).
TEST(ImageStatusNames, AreTheEnumeratorsNames) {
  for (const auto status :
       {ImageStatus::pending, ImageStatus::processing, ImageStatus::ready, ImageStatus::failed})
    EXPECT_EQ(domain::parse_image_status(domain::to_string(status)), status);
  EXPECT_EQ(domain::to_string(ImageStatus::ready), "ready");
  EXPECT_EQ(db::to_param(ImageStatus::processing), "processing");
  EXPECT_FALSE(domain::parse_image_status("Ready"));
}

TEST(MapperSql, PlaceholdersBecomeTheDeclaredNames) {
  EXPECT_EQ(expand_sql("SELECT {image_variants_columns} FROM {image_variants} WHERE image_id = $1"),
            "SELECT image_id, name, width, height, format, size_bytes, storage_key "
            "FROM image_variants WHERE image_id = $1");
  EXPECT_THROW(expand_sql("SELECT * FROM {photos}"), std::logic_error);
}

}  // namespace
}  // namespace tessera::mappers

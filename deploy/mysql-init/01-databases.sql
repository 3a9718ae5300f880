-- Databases for the docker-compose topology (see docker-compose.yml).
--
-- In real life each gemeente hosts its own database server for its own subgraph; putting all
-- fourteen gemeente databases on one MySQL server here is a development convenience only.
-- The MySQL image runs this file once, when the data volume is first initialised.
-- Each service creates its own tables with its migrations at start-up.

CREATE DATABASE IF NOT EXISTS `catalogus`     CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS `aanbieders`    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE DATABASE IF NOT EXISTS `gemeente_0141` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Almelo
CREATE DATABASE IF NOT EXISTS `gemeente_0147` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Borne
CREATE DATABASE IF NOT EXISTS `gemeente_0153` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Enschede
CREATE DATABASE IF NOT EXISTS `gemeente_0158` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Haaksbergen
CREATE DATABASE IF NOT EXISTS `gemeente_0163` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Hellendoorn
CREATE DATABASE IF NOT EXISTS `gemeente_0164` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Hengelo
CREATE DATABASE IF NOT EXISTS `gemeente_0168` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Losser
CREATE DATABASE IF NOT EXISTS `gemeente_0173` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Oldenzaal
CREATE DATABASE IF NOT EXISTS `gemeente_0183` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Tubbergen
CREATE DATABASE IF NOT EXISTS `gemeente_0189` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Wierden
CREATE DATABASE IF NOT EXISTS `gemeente_1700` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Twenterand
CREATE DATABASE IF NOT EXISTS `gemeente_1735` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Hof van Twente
CREATE DATABASE IF NOT EXISTS `gemeente_1742` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Rijssen-Holten
CREATE DATABASE IF NOT EXISTS `gemeente_1774` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; -- Dinkelland

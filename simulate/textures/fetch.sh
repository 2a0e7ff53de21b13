#!/bin/sh
# fetch.sh DIR: download Debian packages of real surface photographs and
# extract their images into DIR, for `mosaic simulate --textures DIR`.
# Needs apt-get (Debian or Ubuntu), dpkg-deb and unzip; no root.
#
#   sweethome3d           GPL-2+   wall, floor and tile textures (inside its jar)
#   mypaint-data-extras   CC0-1.0  paper, canvas and cork
#   mate-backgrounds      GPL-2+   photographs (wood, among others)
#   openarena-081-textures GPL-2   ~1,200 game textures: stone, brick, metal, carpet
#
# Not gimp-data: GIMP's patterns are held out for an independent check.
set -eu
out=${1:?usage: fetch.sh DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
apt-get download sweethome3d mypaint-data-extras mate-backgrounds openarena-081-textures
for deb in *.deb; do
	dpkg-deb -x "$deb" x
done
unzip -q -o x/usr/share/sweethome3d/sweethome3d.jar 'com/eteks/sweethome3d/io/resources/textures/*' -d sh3d
mkdir -p "$out/sweethome3d" "$out/mypaint" "$out/mate" "$out/openarena"
cp sh3d/com/eteks/sweethome3d/io/resources/textures/*.jpg "$out/sweethome3d/"
cp -r x/usr/share/mypaint/backgrounds/. "$out/mypaint/"
cp -r x/usr/share/backgrounds/mate/. "$out/mate/"
unzip -q -o x/usr/share/games/openarena/baseoa/pak4-textures.pk3 'textures/*' -d "$out/openarena"
# Skies, effects and lights are no backdrop.
rm -rf "$out/openarena/textures/skies" "$out/openarena/textures/sfx" "$out/openarena/textures"/*light*
echo "textures in $out"
